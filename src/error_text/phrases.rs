//! The catalog of the phrases the library writes in English into its errors' free-text fields,
//! with their Vietnamese, read by [`phrase`](super::phrase).

/// The phrases the library writes into free-text fields of its errors, English and
/// Vietnamese. `{}` in the English is a hole that takes any text; the Vietnamese places the
/// holes by number (`{0}`, `{1}`), so that a sentence may order them its own way. A hole's text
/// is itself read as a phrase (a calendar's reason inside "project P1: ..."), and a figure in
/// a hole (`1250.5`) is written the Vietnamese way. Longer, more specific phrases come before
/// the general ones they contain.
pub const PHRASES: &[(&str, &str)] = &[
    // SQLite's own messages (sqlite3_errmsg), which a Database error's message carries.
    ("database is locked", "cơ sở dữ liệu đang bị khóa (một kết nối khác đang ghi)"),
    ("database table is locked", "bảng dữ liệu đang bị khóa"),
    ("database disk image is malformed", "tệp cơ sở dữ liệu bị hỏng"),
    ("file is not a database", "tệp không phải là cơ sở dữ liệu"),
    ("attempt to write a readonly database", "không ghi được vào cơ sở dữ liệu chỉ đọc"),
    ("database or disk is full", "cơ sở dữ liệu hoặc ổ đĩa đã đầy"),
    ("unable to open database file", "không mở được tệp cơ sở dữ liệu"),
    ("disk I/O error", "lỗi đọc ghi đĩa"),
    // The Python package's own errors (python/grdpsim, raised through grdpsim._lang.said),
    // each as a whole (an argument's name before its phrase) so that no general phrase below
    // reads a part of it first; then what fills their holes.
    ("{} has complex values; only real numbers are accepted", "{0} có giá trị số phức; chỉ nhận số thực"),
    ("{} is not numeric (dtype {})", "{0} không phải dữ liệu số (dtype {1})"),
    ("{} is not an array of real numbers: {}", "{0} không phải mảng số thực: {1}"),
    ("{} must be an integer, got {}", "{0} phải là số nguyên, nhận được {1}"),
    ("{} must be a non-negative integer below {}, got {}", "{0} phải là số nguyên không âm nhỏ hơn {1}, nhận được {2}"),
    ("{} must be a real number, got {}", "{0} phải là số thực, nhận được {1}"),
    ("{} is too large for a float: {}", "{0} quá lớn với số thực dấu phẩy động: {1}"),
    ("{} must be a string, got {}", "{0} phải là chuỗi ký tự, nhận được {1}"),
    ("invalid argument {}: {} is a period of frequency {}; give a calendar quarter or year", "tham số {0} không hợp lệ: {1} là kỳ có tần suất {2}; hãy cho một quý hoặc một năm dương lịch"),
    ("{} must be a str or os.PathLike, got {}", "{0} phải là str hoặc os.PathLike, nhận được {1}"),
    ("invalid argument {}: {} has a NUL character", "tham số {0} không hợp lệ: {1} có ký tự NUL"),
    ("{} must be True or False, got {}", "{0} phải là True hoặc False, nhận được {1}"),
    ("{} must be a list of strings, got {}", "{0} phải là danh sách chuỗi ký tự, nhận được {1}"),
    ("invalid argument {}: NaT is not a date", "tham số {0} không hợp lệ: NaT không phải là ngày"),
    ("invalid argument {}: {} is not {} (nor a datetime.date)", "tham số {0} không hợp lệ: {1} không phải {2} (cũng không phải datetime.date)"),
    ("invalid argument {}: {} is not a date YYYY-MM-DD", "tham số {0} không hợp lệ: {1} không phải là ngày dạng YYYY-MM-DD"),
    ("invalid argument {}: {} is not a date ({})", "tham số {0} không hợp lệ: {1} không phải là ngày ({2})"),
    ("invalid argument {}: {} is not a month YYYY-MM", "tham số {0} không hợp lệ: {1} không phải là tháng dạng YYYY-MM"),
    ("invalid argument {}: {} is not a year between 1000 and 9999", "tham số {0} không hợp lệ: {1} không phải là năm từ 1000 đến 9999"),
    ("{}: not UTF-8 text ({}, byte {}) (argument {})", "{0}: không phải văn bản UTF-8 ({1}, byte {2}) (tham số {3})"),
    ("port must be at most 65535, got {}", "port tối đa là 65535, nhận được {0}"),
    ("invalid argument lang: {} is neither 'en' nor 'vi'", "tham số lang không hợp lệ: {0} không phải 'en' hay 'vi'"),
    ("frame must be a pandas DataFrame, got {}", "frame phải là pandas DataFrame, nhận được {0}"),
    ("DataFrame: no column {} (columns: {})", "DataFrame: không có cột {0} (các cột: {1})"),
    ("DataFrame: expected exactly one value column besides period, sector, price_basis; found {}", "DataFrame: cần đúng một cột giá trị ngoài \"period\", \"sector\", \"price_basis\"; tìm thấy {0}"),
    ("tree is required", "cần có tree (cây ngành)"),
    ("tree must be a SectorTree, got {}", "tree phải là SectorTree, nhận được {0}"),
    ("{} levels must be two-dimensional (leaf sectors × quarters), got shape {}", "mức {0} phải là mảng hai chiều (ngành cấp cuối × quý), nhận được kích thước {1}"),
    ("invalid argument {}: expected {}, got shape {}", "tham số {0} không hợp lệ: cần {1}, nhận được kích thước {2}"),
    ("{} must be a mapping {position: figure} or a list of positions, got {}", "{0} phải là ánh xạ {vị trí: số liệu} hoặc danh sách vị trí, nhận được {1}"),
    ("{}: {} is not a sector position 0..{}", "{0}: {1} không phải vị trí ngành 0..{2}"),
    ("{}[{}] is NaN: give a figure, or None", "{0}[{1}] là NaN: hãy cho một số liệu, hoặc None"),
    ("caps[{}] is None: give the cap, percent", "caps[{0}] là None: hãy cho mức trần, tính bằng %"),
    ("invalid argument out: expected a writable C-contiguous float64 array of shape {}, got {} {}", "tham số out không hợp lệ: cần mảng float64 ghi được, liên tục kiểu C, kích thước {0}, nhận được {1} {2}"),
    ("invalid argument --{}: {} is not SECTOR=PCT", "tham số --{0} không hợp lệ: {1} không có dạng \"SECTOR=PCT\""),
    ("invalid argument --{}: {} is not a number", "tham số --{0} không hợp lệ: {1} không phải là số"),
    ("invalid argument --uncertainty: {} is not normal:SD", "tham số --uncertainty không hợp lệ: {0} không có dạng normal:SD"),
    ("invalid argument --scenario: a scenario file is given twice", "tham số --scenario không hợp lệ: tệp kịch bản được cho hai lần"),
    ("invalid argument --db: grdpsim monitor import needs --db", "tham số --db không hợp lệ: lệnh grdpsim monitor \"import\" cần --db"),
    ("invalid argument --scenario: grdpsim monitor nowcast --db needs --scenario", "tham số --scenario không hợp lệ: lệnh grdpsim monitor nowcast --db cần --scenario"),
    ("invalid argument --output: --format xlsx writes a workbook: give --output", "tham số --output không hợp lệ: --format xlsx ghi ra sổ tính Excel: hãy cho --output"),
    ("invalid argument --db: grdpsim disbursement {} needs --db", "tham số --db không hợp lệ: lệnh grdpsim disbursement {0} cần --db"),
    ("invalid argument --amount: a national target needs --decided-on and --source too", "tham số --amount không hợp lệ: mục tiêu quốc gia cần cả \"--decided-on\" và --source"),
    ("base must be sectors × 4, got shape {}", "base phải có kích thước số ngành × 4, nhận được {0}"),
    ("growth must be a dask.array (N × sectors × 4), got {}; use grdpsim.batch for numpy arrays", "\"growth\" phải là dask.array (N × số ngành × 4), nhận được {0}; với mảng numpy hãy dùng grdpsim.batch"),
    ("invalid argument growth: {} values; only real numbers are accepted", "tham số \"growth\" không hợp lệ: giá trị kiểu {0}; chỉ nhận số thực"),
    ("growth must be N × {} sectors × 4, got shape {}", "\"growth\" phải có kích thước N × {0} ngành × 4, nhận được {1}"),
    ("growth is split on the sector or quarter axis (chunks {}, {}); chunk it on the variant axis only, e.g. growth.rechunk({0: 'auto', 1: -1, 2: -1})", "\"growth\" bị chia theo trục ngành hoặc trục quý (chunks {0}, {1}); chỉ chia theo trục phương án, ví dụ \"growth.rechunk({0: 'auto', 1: -1, 2: -1})\""),
    ("invalid argument client: expected a distributed.Client or None, got {}", "tham số client không hợp lệ: cần distributed.Client hoặc None, nhận được {0}"),
    ("invalid argument uncertainty: give a grdpsim.Uncertainty (Uncertainty.normal(sd), Uncertainty.from_history(accounts), ...)", "tham số uncertainty không hợp lệ: hãy cho một grdpsim.Uncertainty (Uncertainty.normal(sd), Uncertainty.from_history(accounts), ...)"),
    ("invalid argument changes: expected {sector: {quarter: [changes in pp]}}, got {}", "tham số changes không hợp lệ: cần {mã ngành: {quý: [các thay đổi, điểm %]}}, nhận được {0}"),
    ("invalid argument changes: sector {} is not a leaf sector of the scenario ({}); a sweep changes quarterly targets of leaves", "tham số changes không hợp lệ: ngành {0} không phải ngành cấp cuối của kịch bản ({1}); phép quét chỉ thay đổi mục tiêu quý của ngành cấp cuối"),
    ("invalid argument changes: sector {}: expected {quarter: [changes in pp]}, got {}", "tham số changes không hợp lệ: ngành {0}: cần {quý: [các thay đổi, điểm %]}, nhận được {1}"),
    ("invalid argument changes: sector {}: {} is not Q1..Q4", "tham số changes không hợp lệ: ngành {0}: {1} không phải Q1..Q4"),
    ("invalid argument changes: sector {}, period {}: the quarter has actual figures (Q1..Q{}); a target change there would change nothing", "tham số changes không hợp lệ: ngành {0}, kỳ {1}: quý này đã có số liệu thực tế (Q1..Q{2}); thay đổi mục tiêu ở đó không làm thay đổi gì"),
    ("invalid argument changes: sector {}, period {}: give finite changes in pp, got {}", "tham số changes không hợp lệ: ngành {0}, kỳ {1}: hãy cho các thay đổi hữu hạn, tính bằng điểm %, nhận được {2}"),
    ("invalid argument changes: a sector-quarter is named twice (through an alias?)", "tham số changes không hợp lệ: một cặp ngành-quý được nêu hai lần (qua một mã gọi khác?)"),
    ("invalid argument block_size: 0; give at least 1", "tham số block_size không hợp lệ: 0; hãy cho ít nhất 1"),
    ("invalid argument block_size: {} is above the ceiling of {} variants a task holds in memory ({} MB for 5 sectors)", "tham số block_size không hợp lệ: {0} vượt mức trần {1} phương án mà một tác vụ giữ trong bộ nhớ ({2} MB với 5 ngành)"),
    ("invalid argument samples: {} variants in blocks of {} make {} tasks, above the ceiling of {}; give a larger block_size or fewer variants", "tham số samples không hợp lệ: {0} phương án theo khối {1} tạo ra {2} tác vụ, vượt mức trần {3}; hãy cho block_size lớn hơn hoặc ít phương án hơn"),
    ("y must be one-dimensional, got shape {}", "y phải là mảng một chiều, nhận được kích thước {0}"),
    ("X must be one- or two-dimensional, got shape {}", "X phải là mảng một hoặc hai chiều, nhận được kích thước {0}"),
    ("y must be a pandas Series with a PeriodIndex", "y phải là pandas Series có PeriodIndex"),
    ("unknown option {}; disaggregate_series takes {} (ratio and offset come from the indexes)", "tùy chọn không có {0}; disaggregate_series nhận {1} (ratio và offset lấy từ các chỉ mục)"),
    ("without X, freq must name the target frequency", "khi không có X, freq phải nêu tần suất đích"),
    ("freq {} is not a pandas period frequency: {}", "freq {0} không phải tần suất kỳ của pandas: {1}"),
    ("X must be a pandas Series or DataFrame with a PeriodIndex", "X phải là pandas Series hoặc DataFrame có PeriodIndex"),
    ("X starts at {}, after the first period of y ({})", "X bắt đầu từ {0}, sau kỳ đầu tiên của y ({1})"),
    ("{} periods do not nest in {} periods (weeks straddle years): temporal disaggregation needs a fixed number of them in each (e.g. annual to quarterly)", "kỳ {0} không nằm trọn trong kỳ {1} (tuần vắt qua hai năm): phân rã theo thời gian cần một số cố định kỳ như vậy trong mỗi kỳ (ví dụ năm sang quý)"),
    ("{} periods hold {} periods of {}: temporal disaggregation needs a fixed number (e.g. annual to quarterly or monthly)", "kỳ {0} chứa {1} kỳ {2}: phân rã theo thời gian cần một số cố định (ví dụ năm sang quý hoặc sang tháng)"),
    ("{} must cover consecutive periods without gaps", "{0} phải phủ các kỳ liên tiếp, không có khoảng trống"),
    ("invalid argument previous_year: give the four quarters' figures, got {}", "tham số previous_year không hợp lệ: hãy cho số liệu của bốn quý, nhận được {0}"),
    ("invalid argument history: give (disbursement, construction) pairs, got {}", "tham số \"history\" không hợp lệ: hãy cho các cặp (giải ngân, giá trị xây dựng), nhận được {0}"),
    ("invalid argument history[{}]: {} is not a (disbursement, construction) pair", "tham số \"history\"[{0}] không hợp lệ: {1} không phải cặp (giải ngân, giá trị xây dựng)"),
    ("{} is not installed: pip install 'grdpsim[{}]'", "chưa cài {0}: pip install 'grdpsim[{1}]'"),
    ("top must be at least 1 (None lists every finding), got 0", "top phải từ 1 trở lên (None liệt kê mọi phát hiện), nhận được 0"),
    ("invalid argument corr: {}; give a matrix, a DataFrame or 'history'", "tham số corr không hợp lệ: {0}; hãy cho một ma trận, một DataFrame hoặc \"history\""),
    ("invalid argument corr: the DataFrame's rows and columns must name the same sectors in the same order", "tham số corr không hợp lệ: các hàng và cột của DataFrame phải ghi cùng các ngành theo cùng thứ tự"),
    ("invalid argument corr: a bare array needs the sd by sector (its order names the rows) or a DataFrame with sector labels", "tham số corr không hợp lệ: một mảng trần cần sd theo ngành (thứ tự ngành đặt tên cho các hàng) hoặc một DataFrame có nhãn ngành"),
    ("invalid argument corr: a correlation matrix is square, got shape {}", "tham số corr không hợp lệ: ma trận tương quan phải vuông, nhận được kích thước {0}"),
    ("invalid argument years: no year to backtest", "tham số years không hợp lệ: không có năm nào để kiểm định lại"),
    ("invalid argument output: an {} report needs --output PATH", "tham số output không hợp lệ: báo cáo {0} cần --output PATH"),
    ("invalid argument format: {} is not text, md, html, xlsx or pdf", "tham số format không hợp lệ: {0} không phải text, md, html, xlsx hay pdf"),
    ("invalid argument {}: sector codes must be strings, got {}", "tham số {0} không hợp lệ: mã ngành phải là chuỗi ký tự, nhận được {1}"),
    ("invalid argument {}: sector {}: {} is not a number (or None)", "tham số {0} không hợp lệ: ngành {1}: {2} không phải là số (hoặc None)"),
    ("invalid argument {}: expected sector codes, got {}", "tham số {0} không hợp lệ: cần các mã ngành, nhận được {1}"),
    ("invalid argument {}: expected a sector code, a list of codes or a mapping {sector: figure}, got {}", "tham số {0} không hợp lệ: cần một mã ngành, một danh sách mã hoặc một ánh xạ {mã ngành: số liệu}, nhận được {1}"),
    ("owners[{}]: deadline {} is not a date YYYY-MM-DD", "owners[{0}]: hạn {1} không phải là ngày dạng YYYY-MM-DD"),
    ("invalid argument {}: expected a mapping {sector: {period: value}}, got {}", "tham số {0} không hợp lệ: cần một ánh xạ {mã ngành: {kỳ: giá trị}}, nhận được {1}"),
    ("invalid argument {}: the value for sector {} must be a mapping {period: value}, got {}", "tham số {0} không hợp lệ: giá trị của ngành {1} phải là ánh xạ {kỳ: giá trị}, nhận được {2}"),
    ("invalid argument {}: sector {}, period {}: {} is not a number", "tham số {0} không hợp lệ: ngành {1}, kỳ {2}: {3} không phải là số"),
    ("invalid argument base: expected Accounts, got {}", "tham số base không hợp lệ: cần Accounts, nhận được {0}"),
    ("invalid argument year: {} is not a year 1001..9999", "tham số year không hợp lệ: {0} không phải là năm 1001..9999"),
    ("invalid argument rule: expected (periods, tree), e.g. ('spread', 'inherit'), got {}", "tham số rule không hợp lệ: cần (periods, tree), ví dụ ('spread', 'inherit'), nhận được {0}"),
    ("owners: expected a mapping sector -> {department, deadline, periods}, got {}", "owners: cần một ánh xạ mã ngành -> {department, deadline, periods}, nhận được {0}"),
    ("owners[{}]: expected a mapping, got {}", "owners[{0}]: cần một ánh xạ, nhận được {1}"),
    ("owners[{}][{}]: expected a mapping with department, deadline", "owners[{0}][{1}]: cần một ánh xạ có department, deadline"),
    ("owners[{}][{}]: unknown keys {}; expected department, deadline", "owners[{0}][{1}]: khóa không có {2}; cần department, deadline"),
    ("invalid argument cap: {}; give a growth in percent, 'historical' or None", "tham số cap không hợp lệ: {0}; hãy cho tốc độ tăng trưởng tính bằng %, 'historical' hoặc None"),
    ("a date YYYY-MM-DD", "ngày dạng YYYY-MM-DD"),
    ("a month YYYY-MM", "tháng dạng YYYY-MM"),
    ("N × sectors × 4", "N × số ngành × 4"),
    ("sectors × 4", "số ngành × 4"),
    ("one level per sector (sectors)", "một mức cho mỗi ngành (số ngành)"),
    ("grdpsim.Uncertainty or None", "grdpsim.Uncertainty hoặc None"),
    ("DataFrame: column {}", "DataFrame: cột {0}"),
    ("No such file or directory", "không có tệp hoặc thư mục này"),
    ("Permission denied", "không có quyền truy cập"),
    ("Is a directory", "đây là một thư mục"),
    // Files: the library's own refusals and the operating system's commonest messages (Linux), which an Io error's message carries.
    (
        "no such file (create makes a new store)",
        "không có tệp này (hãy dùng create để tạo kho dữ liệu mới)",
    ),
    ("more than {} symbolic links: a loop", "hơn {0} liên kết tượng trưng: một vòng lặp"),
    (
        "No such file or directory (os error {})",
        "không có tệp hoặc thư mục này (lỗi hệ điều hành {0})",
    ),
    ("Permission denied (os error {})", "không có quyền truy cập (lỗi hệ điều hành {0})"),
    ("Is a directory (os error {})", "đây là một thư mục (lỗi hệ điều hành {0})"),
    ("Not a directory (os error {})", "không phải là thư mục (lỗi hệ điều hành {0})"),
    ("File exists (os error {})", "tệp đã có (lỗi hệ điều hành {0})"),
    ("No space left on device (os error {})", "thiết bị hết dung lượng (lỗi hệ điều hành {0})"),
    ("Read-only file system (os error {})", "hệ thống tệp chỉ đọc (lỗi hệ điều hành {0})"),
    // A long CSV's value (before the general '{} is not a number').
    ("value {} is not a number", "giá trị {0} không phải là số"),
    // Reasons chosen before they are written (a level's, a growth rate's, a correlation's, a workbook part's).
    (
        "the sum of its sectors is beyond 1e21 (levels too large)",
        "tổng các ngành con vượt 1e21 (mức quá lớn)",
    ),
    (
        "the total is below zero (net taxes larger than all value added)",
        "tổng số âm (thuế sản phẩm ròng lớn hơn toàn bộ giá trị tăng thêm)",
    ),
    ("the part is missing (thiếu phần này của tệp)", "thiếu phần này của tệp"),
    (
        "a growth rate at or below -100% leaves nothing of the sector",
        "tốc độ tăng trưởng từ -100% trở xuống thì ngành không còn gì",
    ),
    (
        "above 1,000,000%: outside any economy (a level typed as a rate?)",
        "trên 1.000.000%: ngoài mọi nền kinh tế (nhập mức thay cho tốc độ?)",
    ),
    ("a correlation matrix has 1 on its diagonal", "ma trận tương quan có 1 trên đường chéo"),
    ("a correlation lies in [-1, 1]", "hệ số tương quan nằm trong khoảng [-1, 1]"),
    ("the matrix is not symmetric", "ma trận không đối xứng"),
    // Scenarios by the million (the batch path).
    ("expected sectors × 4 quarters, got {}×{}", "cần số ngành × 4 quý, nhận được {0}×{1}"),
    ("expected N × {} sectors × 4 quarters, got {}", "cần N × {0} ngành × 4 quý, nhận được {1}"),
    (
        "level {} is not finite, beyond 1e21, or subnormal (below 2.2e-308)",
        "mức {0} không hữu hạn, vượt 1e21 hoặc quá nhỏ (dưới 2.2e-308)",
    ),
    (
        "variant {}: reaching {}% would need some sector to shrink by 100% or more",
        "phương án {0}: để đạt {1}% thì có ngành phải giảm từ 100% trở lên",
    ),
    (
        "variant {} has a growth rate that is not finite",
        "phương án {0} có tốc độ tăng trưởng không hữu hạn",
    ),
    ("must hold one value per variant", "phải có một giá trị cho mỗi phương án"),
    (
        "GRDP of the base year or remaining quarters is zero",
        "GRDP của năm gốc hoặc của các quý còn lại bằng 0",
    ),
    ("GRDP of the base year is zero", "GRDP của năm gốc bằng 0"),
    ("GRDP of the elapsed quarters is zero", "GRDP của các quý đã qua bằng 0"),
    ("{} is not 1..=4", "{0} không nằm trong 1..=4"),
    ("expected {} finite levels, one per sector", "cần {0} mức hữu hạn, mỗi ngành một mức"),
    (
        "buffers must hold {} values (allocation: {} × {})",
        "vùng đệm phải chứa {0} giá trị (phân bổ: {1} × {2})",
    ),
    (
        "the batch path allocates by uniform or proportional rises only",
        "cách tính theo lô chỉ phân bổ theo mức tăng đều (uniform) hoặc theo tỷ lệ \
         (proportional)",
    ),
    ("need one entry per sector ({})", "cần mỗi ngành một giá trị ({0})"),
    ("{} must be a finite level, 0 or more", "{0} phải là mức hữu hạn, từ 0 trở lên"),
    (
        "sector {} locked at {}%: finite, above -100%, at most 1e6%",
        "ngành {0} bị khóa ở mức {1}%: phải hữu hạn, lớn hơn -100%, tối đa 1e6%",
    ),
    (
        "cap {}% for sector {} must be finite and above -100%",
        "mức trần {0}% của ngành {1} phải hữu hạn và lớn hơn -100%",
    ),
    // Temporal disaggregation and its nowcast.
    ("proportional Denton", "Denton theo tỷ lệ"),
    (
        "the indicator is zero at index {}; use criterion additive",
        "chỉ báo bằng 0 tại vị trí {0}; hãy dùng tiêu chí cộng (criterion additive)",
    ),
    (
        "the indicator has mean zero; use criterion additive",
        "chỉ báo có trung bình bằng 0; hãy dùng tiêu chí cộng (criterion additive)",
    ),
    (
        "h = {} needs at least {} low-frequency values, got {}",
        "h = {0} cần ít nhất {1} giá trị tần suất thấp, nhận được {2}",
    ),
    (
        "{} is singular; the low-frequency periods cannot be matched",
        "{0} suy biến; không khớp được các kỳ tần suất thấp",
    ),
    ("aggregated covariance", "ma trận hiệp phương sai gộp"),
    (
        "C Q C' is not positive definite in floating point (is rho too close to ±1, or the \
         indicator zero over whole low-frequency periods?)",
        "C Q C' không xác định dương trong số thực dấu phẩy động (rho quá gần ±1, hay chỉ báo \
         bằng 0 suốt cả kỳ tần suất thấp?)",
    ),
    (
        "the part of the column orthogonal to the previous ones has norm {} against {}",
        "phần của cột trực giao với các cột trước có chuẩn {0} so với {1}",
    ),
    ("Student's t", "phân phối Student t"),
    ("no indicator columns and no intercept", "không có cột chỉ báo nào và không có hệ số chặn"),
    (
        "not enough degrees of freedom: {} low-frequency values for {} coefficients",
        "không đủ bậc tự do: {0} giá trị tần suất thấp cho {1} hệ số",
    ),
    ("{} degrees of freedom: {}", "{0} bậc tự do: {1}"),
    ("{}[{}] is {}: {}", "{0}[{1}] bằng {2}: {3}"),
    ("coefficient {} is {}: {}", "hệ số {0} bằng {1}: {2}"),
    (
        "the result adds up to y only within {} of max |y| (tolerance {}): {}",
        "tổng kết quả chỉ khớp với y trong phạm vi {0} của max |y| (dung sai {1}): {2}",
    ),
    ("the low-frequency series is empty", "chuỗi tần suất thấp trống"),
    (
        "{} rows, but offset {} + ratio {} × {} low-frequency values needs {} (an offset that \
         does not fit, or a short indicator)",
        "{0} dòng, nhưng độ lệch {1} + tỷ lệ {2} × {3} giá trị tần suất thấp cần {4} (độ lệch \
         không phù hợp, hoặc chỉ báo quá ngắn)",
    ),
    (
        "{} high-frequency periods (offset {}, ratio {}, {} low-frequency values); {} takes at \
         most {}",
        "{0} kỳ tần suất cao (độ lệch {1}, tỷ lệ {2}, {3} giá trị tần suất thấp); {4} nhận tối \
         đa {5}",
    ),
    (
        "{} takes one indicator (or none), got {} columns",
        "{0} nhận một chỉ báo (hoặc không có), nhận được {1} cột",
    ),
    (
        "h = {} must be below the number of high-frequency periods",
        "h = {0} phải nhỏ hơn số kỳ tần suất cao",
    ),
    (
        "column {} of the design, intercept first; {}",
        "cột {0} của ma trận thiết kế, hệ số chặn đứng đầu; {1}",
    ),
    (
        "only chow-lin-fixed and litterman-fixed take a fixed rho, not {}",
        "chỉ chow-lin-fixed và litterman-fixed nhận rho cố định, {0} thì không",
    ),
    (
        "the confidence level of the interval must lie strictly between 0 and 1 (0.95), got {}",
        "độ tin cậy của khoảng phải nằm giữa 0 và 1, không kể hai đầu (0.95), nhận được {0}",
    ),
    (
        "must be at least 1 (12 for a monthly indicator)",
        "phải từ 1 trở lên (12 với chỉ báo theo tháng)",
    ),
    (
        "{} rows; a nowcast needs the indicator to reach 1 to {} periods past row {} (offset \
         {} + ratio {} × {})",
        "{0} dòng; ước tính nhanh cần chỉ báo kéo dài thêm 1 đến {1} kỳ sau dòng {2} (độ lệch \
         {3} + tỷ lệ {4} × {5})",
    ),
    ("{} is {}: look at {}", "{0} bằng {1}: hãy xem {2}"),
    (
        "completing the missing periods needs {} periods of history before the nowcast period, \
         the indicator has {}",
        "bổ sung các kỳ còn thiếu cần {0} kỳ số liệu trước kỳ ước tính nhanh, chỉ báo chỉ có \
         {1}",
    ),
    (
        "indicator column {} sums to zero a season before the observed periods",
        "cột chỉ báo {0} có tổng bằng 0 một chu kỳ mùa vụ trước các kỳ quan sát",
    ),
    // Documents, charts and PDF printing.
    ("row {} has {} cells for {} columns", "dòng {0} có {1} ô cho {2} cột"),
    (
        "row {}, column {}: {} is not a finite number (leave the cell empty when there is no \
         figure)",
        "dòng {0}, cột {1}: {2} không phải là số hữu hạn (để trống ô khi không có số liệu)",
    ),
    (
        "row {}, column {}: a bool is neither text nor a number",
        "dòng {0}, cột {1}: giá trị đúng/sai (bool) không phải văn bản cũng không phải số",
    ),
    (
        "row {}, column {}: {} is neither text, a number nor None",
        "dòng {0}, cột {1}: {2} không phải văn bản, số hay None",
    ),
    (
        "chart categories column {} out of range (0..{})",
        "cột nhãn của biểu đồ {0} nằm ngoài phạm vi (0..{1})",
    ),
    ("a chart needs at least one value column", "biểu đồ cần ít nhất một cột giá trị"),
    (
        "chart value column {} is not a numeric column of the table",
        "cột giá trị {0} của biểu đồ không phải cột số của bảng",
    ),
    (
        "the image is not SVG markup (no <svg element)",
        "hình ảnh không phải mã SVG (không có phần tử <svg)",
    ),
    ("{} names it but there is no such file", "{0} chỉ tới tệp này nhưng không có tệp đó"),
    (
        "printing a PDF needs Chromium or Chrome: install it (Debian: apt install chromium) or \
         set {} to its path; none of {} is on PATH",
        "xuất PDF cần Chromium hoặc Chrome: hãy cài đặt (Debian: apt install chromium) hoặc đặt \
         {0} là đường dẫn tới chương trình; không có chương trình nào trong {1} nằm trên PATH",
    ),
    ("printed no PDF ({})", "không tạo ra PDF nào ({0})"),
    ("printed a file that is not a PDF", "tạo ra một tệp không phải PDF"),
    ("cannot be started: {}", "không khởi động được: {0}"),
    ("did not print within {} s and was stopped", "không xuất xong trong {0} giây nên đã bị dừng"),
    ("cannot be waited for: {}", "không chờ được: {0}"),
    ("failed ({}): {}", "thất bại ({0}): {1}"),
    ("{} is not 2, 3 or 4", "{0} không phải 2, 3 hay 4"),
    // Probability and the Monte Carlo simulation.
    ("no parts to merge", "không có phần nào để gộp"),
    ("{} is not a finite growth rate", "{0} không phải tốc độ tăng trưởng hữu hạn"),
    (
        "analytic is exact for normal models only; use monte_carlo",
        "cách tính giải tích (analytic) chỉ chính xác với mô hình phân phối chuẩn; hãy dùng \
         monte_carlo",
    ),
    (
        "the analytic method draws no paths to keep; use monte_carlo or auto",
        "cách tính giải tích không tạo đường mô phỏng nào để giữ; hãy dùng monte_carlo hoặc \
         auto",
    ),
    ("a simulation needs at least one path", "mô phỏng cần ít nhất một đường"),
    (
        "paths are kept by a run in one process, not by its chunks",
        "các đường mô phỏng chỉ được giữ khi chạy trong một tiến trình, không phải theo từng \
         khối",
    ),
    (
        "these options compute the probability analytically: there are no chunks to simulate",
        "các tùy chọn này tính xác suất bằng giải tích: không có khối nào để mô phỏng",
    ),
    ("chi-squared: {}", "phân phối khi bình phương: {0}"),
    (
        "the parts come from different simulations (other scenario, model, seed or paths)",
        "các phần đến từ những lần mô phỏng khác nhau (khác kịch bản, mô hình, hạt giống ngẫu \
         nhiên hoặc số đường)",
    ),
    (
        "{}..{} is not a non-empty range of the {} chunks of {} paths",
        "{0}..{1} không phải khoảng không rỗng trong {2} khối của {3} đường mô phỏng",
    ),
    ("the Monte Carlo simulation", "mô phỏng Monte Carlo"),
    (
        "the parts must cover each of the {} chunks exactly once, for {} sectors",
        "các phần phải phủ mỗi khối trong {0} khối đúng một lần, cho {1} ngành",
    ),
    (
        "give one sd for every sector or one per sector",
        "hãy ghi một độ lệch chuẩn (sd) chung cho mọi ngành hoặc mỗi ngành một",
    ),
    ("{} is not in (0, 1)", "{0} không nằm trong khoảng (0, 1)"),
    (
        "{} is not an observed growth rate: a finite number",
        "{0} không phải tốc độ tăng trưởng quan sát được: cần số hữu hạn",
    ),
    ("no paths were kept", "không có đường mô phỏng nào được giữ"),
    // The Python layer's arguments.
    ("{} names for {} indicator columns", "{0} tên cho {1} cột chỉ báo"),
    ("must lie in 1..=52", "phải nằm trong 1..=52"),
    (
        "not a date: give 'YYYY-MM-DD' or a datetime.date (got {})",
        "không phải là ngày: hãy ghi 'YYYY-MM-DD' hoặc một datetime.date (nhận được {0})",
    ),
    (
        "no week has figures from {}% of the projects yet: give as_of",
        "chưa tuần nào có số liệu của {0}% số dự án: hãy ghi as_of",
    ),
    (
        "a {} is restored from its {} fields, got {}",
        "{0} được khôi phục từ {1} trường, nhận được {2}",
    ),
    (
        "a figure or the historical maximum, not both",
        "một con số hoặc mức cao nhất trong lịch sử, không được cả hai",
    ),
    (
        "is not aligned for float64 values (a view at an odd byte offset); pass a copy, e.g. \
         numpy.require(a, requirements='CA')",
        "không được căn chỉnh cho giá trị float64 (một view bắt đầu ở byte lẻ); hãy truyền một \
         bản sao, ví dụ \"numpy.require(a, requirements='CA')\"",
    ),
    ("must be a C-contiguous float64 array", "phải là mảng float64 liên tục kiểu C (C-contiguous)"),
    (
        "expected shape ({}, {}), one row per variant",
        "cần kích thước ({0}, {1}), mỗi phương án một dòng",
    ),
    ("given with allocation=False", "đã truyền cùng allocation=False"),
    // Uncertainty models and files.
    ("every sector", "mọi ngành"),
    ("expected a number, got a {}", "cần một số, nhận được {0}"),
    ("no figure for {}", "không có số liệu cho {0}"),
    (
        "a table of sds names at least one sector",
        "bảng độ lệch chuẩn (sd) phải ghi ít nhất một ngành",
    ),
    (
        "expected a square matrix: an array of rows of numbers",
        "cần ma trận vuông: một mảng các dòng số",
    ),
    (
        "{}; give \"history\", \"independent\" or a matrix",
        "{0}; hãy ghi \"history\", \"independent\" hoặc một ma trận",
    ),
    ("expected an array of sector codes", "cần một mảng mã ngành"),
    ("missing", "thiếu"),
    (
        "a bare matrix needs the sd by sector (its order names the rows), or \
         [uncertainty.corr] with sectors and matrix",
        "ma trận không kèm mã ngành cần sd theo từng ngành (thứ tự của nó đặt tên các dòng), \
         hoặc [uncertainty.corr] có sectors và matrix",
    ),
    ("no [uncertainty] section with an sd", "không có mục [uncertainty] có sd"),
    ("expected a string, got a {}", "cần một chuỗi văn bản, nhận được {0}"),
    (
        "unknown shape {}; expected normal, student_t, two_piece",
        "không có dạng phân phối {0}; các dạng: normal, student_t, two_piece",
    ),
    (
        "a bootstrap carries its history, which an uncertainty file does not hold; keep its \
         snapshot (to_snapshot) instead",
        "mô hình bootstrap mang theo số liệu lịch sử mà tệp độ bất định không chứa; hãy lưu \
         bản chụp của nó (to_snapshot)",
    ),
    ("the mean of 0 years is no forecast", "trung bình của 0 năm không phải là dự báo"),
    (
        "no quarter of the accounts ({}-{}) has both its growth and a forecast from {}: that \
         needs {} year(s) of levels before it",
        "không quý nào của số liệu ({0}-{1}) có cả tăng trưởng lẫn dự báo theo {2}: việc đó \
         cần {3} năm số liệu mức trước quý",
    ),
    (
        "within_year measures spread within a year; it forecasts nothing",
        "within_year đo độ phân tán trong năm; không dự báo gì",
    ),
    (
        "the accounts start at {}: too late for a forecast of {}",
        "số liệu bắt đầu từ {0}: quá muộn để dự báo {1}",
    ),
    (
        "a forecast of {} from {} needs growth for the years before it; the accounts cover \
         {}-{}",
        "dự báo {0} theo {1} cần tăng trưởng các năm trước đó; số liệu chỉ có {2}-{3}",
    ),
    ("{}: at least 4 quarters are needed to calibrate", "{0}: cần ít nhất 4 quý để hiệu chỉnh"),
    ("a {}×{} matrix for {} sectors", "ma trận {0}×{1} cho {2} ngành"),
    ("an sd is a finite number at or above 0", "độ lệch chuẩn (sd) là số hữu hạn từ 0 trở lên"),
    (
        "ar, the correlation of consecutive quarters, lies in (-1, 1)",
        "ar, hệ số tương quan giữa các quý liên tiếp, phải nằm trong khoảng (-1, 1)",
    ),
    (
        "Student t needs df > 2 to have the variance its sd states",
        "phân phối Student t cần df > 2 để có phương sai đúng như sd đã ghi",
    ),
    (
        "the two-piece skew γ lies in (-1, 1)",
        "độ lệch γ của phân phối hai nửa (two-piece) phải nằm trong khoảng (-1, 1)",
    ),
    (
        "a block holds 1 to {} quarters (the history's length)",
        "một khối gồm 1 đến {0} quý (độ dài chuỗi lịch sử)",
    ),
    (
        "a bootstrap's history is one finite figure per quarter and sector",
        "số liệu lịch sử của bootstrap là một số hữu hạn cho mỗi quý và mỗi ngành",
    ),
    ("{} is not a probability in (0, 1)", "{0} không phải xác suất trong khoảng (0, 1)"),
    (
        "{} is not a standard deviation: a finite number above 0",
        "{0} không phải độ lệch chuẩn: cần số hữu hạn lớn hơn 0",
    ),
    ("a bootstrap has no parametric marginal", "bootstrap không có phân phối biên tham số"),
    (
        "the correlation matrix is not positive semi-definite: these correlations cannot hold \
         together with the others",
        "ma trận tương quan không nửa xác định dương: các hệ số tương quan này không thể cùng \
         đúng với các hệ số khác",
    ),
    (
        "not a leaf sector of the scenario (leaves: {})",
        "không phải ngành cấp cuối của kịch bản (các ngành cấp cuối: {0})",
    ),
    ("no {} given for this leaf sector", "không có {0} cho ngành cấp cuối này"),
    (
        "the bootstrap's history has no deviations for this leaf sector",
        "số liệu lịch sử của bootstrap không có độ lệch nào cho ngành cấp cuối này",
    ),
    (
        "the correlation matrix has no row for this leaf sector",
        "ma trận tương quan không có dòng cho ngành cấp cuối này",
    ),
    // Accounts, contributions and sector trees.
    (
        "{} levels are {}×{}, expected {} leaf sectors × {} quarters (at least one)",
        "bảng mức {0} có kích thước {1}×{2}, cần {3} ngành cấp cuối × {4} quý (ít nhất một)",
    ),
    ("current-price levels", "mức theo giá hiện hành"),
    ("no data for any sector", "không có số liệu của ngành nào"),
    ("infinite", "không hữu hạn"),
    (
        "beyond 1e21 in absolute value (a unit slip?), or subnormal (below 2.2e-308: no \
         precision left for growth)",
        "trị tuyệt đối vượt 1e21 (nhầm đơn vị?), hoặc quá nhỏ (dưới 2.2e-308: không đủ độ \
         chính xác để tính tăng trưởng)",
    ),
    (
        "negative; only net product taxes may be negative",
        "số âm; chỉ thuế sản phẩm (ròng) mới được âm",
    ),
    ("{} is neither \"grdp\" nor \"gva\"", "{0} không phải \"grdp\" hay \"gva\""),
    (
        "{} is product taxes, which are not part of gross value added (use convention \"grdp\")",
        "{0} là thuế sản phẩm, không thuộc tổng giá trị tăng thêm (hãy dùng quy ước \"grdp\")",
    ),
    ("structure", "cơ cấu"),
    ("sector trees", "cây ngành"),
    ("years ({} and {})", "năm ({0} và {1})"),
    ("base levels of {}", "mức kỳ gốc của {0}"),
    ("sector #{} has an empty code", "ngành thứ {0} có mã trống"),
    ("duplicate code {}", "mã {0} bị trùng"),
    ("sector {} names an unknown parent {}", "ngành {0} ghi ngành cha {1} không có trong cây"),
    ("no root (a sector without parent)", "không có gốc (ngành không có ngành cha)"),
    ("several roots: {}", "nhiều gốc: {0}"),
    ("cycle at {}", "vòng lặp tại {0}"),
    (
        "sectors not reachable from the root (a cycle?): {}",
        "các ngành không đi tới được từ gốc (có vòng lặp?): {0}",
    ),
    ("code or alias {} names both {} and {}", "mã hoặc tên khác {0} chỉ cả {1} lẫn {2}"),
    (" (known: {})", " (các mã có: {0})"),
    // Scenarios: workbooks, files, actuals, owners, required growth, what-ifs.
    (
        "the actual for {} leaves a hole: give {} over {} (or a sector above it) first",
        "số thực hiện của {0} để lại chỗ trống: hãy nhập {1} cho {2} (hoặc một ngành cấp trên) \
         trước",
    ),
    (
        "growth {}% must be finite, above -100% and at most {}%",
        "tăng trưởng {0}% phải hữu hạn, lớn hơn -100% và tối đa {1}%",
    ),
    (
        "no header row: the first column's header must be `sector` (or `ngành`, `mã ngành`; \
         `key` / `mục` in the settings sheet)",
        "không có dòng tiêu đề: tiêu đề cột đầu tiên phải là `ngành` hoặc `mã ngành` (hoặc \
         \"sector\"; ở trang thiết lập là `mục` hay `key`)",
    ),
    ("the workbook has no sheets", "tệp Excel không có trang tính nào"),
    (
        "no sheet {}, but a sheet {}: rename it {} so that it is read (không có trang {}, \
         nhưng có trang {}: hãy đổi tên thành {})",
        "không có trang tính {0}, nhưng có trang tính {1}: hãy đổi tên thành {2} để được đọc",
    ),
    (
        "not a sector code or name of the tree (codes: {})",
        "không phải mã hoặc tên ngành trong cây ngành (các mã: {0})",
    ),
    ("not a period of {} ({})", "không phải kỳ của năm {0} ({1})"),
    ("period {} is also column {}", "kỳ {0} trùng với cột {1}"),
    ("sector {} has a second row", "ngành {0} có dòng thứ hai"),
    (
        "not a column: period, department, deadline (kỳ, cơ quan chủ trì, thời hạn)",
        "không phải cột nào trong: kỳ, cơ quan chủ trì, thời hạn (\"period\", \"department\", \
         \"deadline\")",
    ),
    ("no `department` (cơ quan chủ trì) column", "không có cột `cơ quan chủ trì` (`department`)"),
    ("not a date YYYY-MM-DD", "không phải là ngày dạng YYYY-MM-DD"),
    ("not a quarter ({})", "không phải là quý ({0})"),
    ("not a single quarter", "không phải là một quý"),
    ("expected {} after {}", "cần {0} sau {1}"),
    (
        "no quarter columns (2024Q1, Quý I/2024, ...)",
        "không có cột quý nào (Quý I/2024, 2024Q1, ...)",
    ),
    ("no level for {} in {}", "không có mức của {0} trong kỳ {1}"),
    ("unknown key (known: {})", "mục không có (các mục: {0})"),
    ("the year must be a four-digit number", "năm phải là số có bốn chữ số"),
    ("no sheet {} (sheets: {})", "không có trang tính {0} (các trang: {1})"),
    (
        "sector {}: held targets need Q1..Q4 and nothing else",
        "ngành {0}: mục tiêu giữ nguyên cần đủ quý I..IV (Q1..Q4) và không gì khác",
    ),
    ("expected a sector and a period: `GRDP Q2`", "cần một ngành và một kỳ: `GRDP Q2`"),
    (
        "current prices start in {}, constant in {}",
        "mức theo giá hiện hành bắt đầu từ {0}, theo giá so sánh từ {1}",
    ),
    (
        "both a base file and a Base levels sheet: keep one",
        "có cả tệp số liệu năm gốc lẫn trang Số liệu năm gốc: hãy giữ một",
    ),
    (
        "no `year` row (năm): the scenario's year is required",
        "không có dòng `năm` (`year`): cần ghi năm của kịch bản",
    ),
    (
        "{} is not national, provincial or provincial_detailed",
        "{0} không phải national (toàn quốc), provincial (cấp tỉnh) hay provincial_detailed \
         (cấp tỉnh chi tiết)",
    ),
    (
        "give a file, or a tree (or sectors) with embedded levels",
        "hãy ghi một tệp, hoặc một cây ngành (hay danh sách ngành) kèm số liệu mức",
    ),
    ("embedded levels need their first quarter", "số liệu mức kèm theo cần ghi quý đầu tiên"),
    (
        "{} is not a leaf sector: held targets are per leaf sector",
        "{0} không phải ngành cấp cuối: mục tiêu giữ nguyên ghi theo ngành cấp cuối",
    ),
    ("{} is not a leaf sector of the tree", "{0} không phải ngành cấp cuối của cây ngành"),
    ("{} has {} quarters, another sector {}", "{0} có {1} quý, một ngành khác có {2}"),
    ("no levels for leaf sectors {}", "không có số liệu mức của các ngành cấp cuối {0}"),
    (
        "sector {}: {} and {} name the same period {}; keep one",
        "ngành {0}: {1} và {2} cùng chỉ kỳ {3}; hãy giữ một",
    ),
    (
        "no held targets for leaf sector {}: give all of them or none",
        "không có mục tiêu giữ nguyên của ngành cấp cuối {0}: hãy ghi cho tất cả các ngành \
         hoặc không ngành nào",
    ),
    (
        "a snapshot embeds its base levels; it names no file to read",
        "bản chụp đã chứa số liệu năm gốc; không ghi tệp nào để đọc",
    ),
    (
        "the gap needs an actual figure for some sector over the period",
        "tính chênh lệch cần số thực hiện của ít nhất một ngành trong kỳ",
    ),
    (
        "{} is neither spread nor residual",
        "{0} không phải spread (chia đều) hay residual (phần còn lại)",
    ),
    (
        "{} is neither inherit nor residual",
        "{0} không phải inherit (theo ngành cấp trên) hay residual (phần còn lại)",
    ),
    ("is not a period of the scenario year", "không phải kỳ của năm kịch bản"),
    (
        "answers for a period the sector states no target for",
        "phụ trách một kỳ mà ngành không có mục tiêu",
    ),
    ("is not a deadline YYYY-MM-DD", "không phải thời hạn dạng YYYY-MM-DD"),
    (
        "{} is not one of sector_targets, uniform, proportional",
        "{0} không phải sector_targets (theo mục tiêu ngành), uniform (đều) hay proportional \
         (theo tỷ lệ)",
    ),
    (
        "{} is neither same nor keep_profile",
        "{0} không phải same (như nhau) hay keep_profile (giữ xu hướng theo quý)",
    ),
    (
        "{}: at most 3 quarters can count as elapsed (one must remain)",
        "{0}: tối đa 3 quý được tính là đã qua (phải còn một quý)",
    ),
    (
        "all four quarters have GRDP actuals: no quarter remains",
        "cả bốn quý đã có số thực hiện GRDP: không còn quý nào",
    ),
    ("{}: no quarter remains", "{0}: không còn quý nào"),
    (
        "{} must be a finite number of percentage points, 0 or more",
        "{0} phải là số điểm phần trăm hữu hạn, từ 0 trở lên",
    ),
    (
        "{} must be finite, above -100% and at most {}%",
        "{0} phải hữu hạn, lớn hơn -100% và tối đa {1}%",
    ),
    (
        "sector {} locked at {}%: a growth must be finite and above -100%",
        "ngành {0} bị khóa ở mức {1}%: tăng trưởng phải hữu hạn và lớn hơn -100%",
    ),
    (
        "sector {} has actuals for every remaining quarter of {}: it cannot be locked at \
         another growth",
        "ngành {0} đã có số thực hiện mọi quý còn lại của {1}: không thể khóa ở mức tăng \
         trưởng khác",
    ),
    (
        "cap {} for sector {} must be finite and above -100%",
        "mức trần {0} của ngành {1} phải hữu hạn và lớn hơn -100%",
    ),
    (
        "a historical cap for sector {} needs the growth of {} in at least {} years; the base \
         data give {} ({}): too short for a meaningful maximum. Give the cap as a figure \
         instead",
        "mức trần theo lịch sử của ngành {0} cần tăng trưởng của {1} trong ít nhất {2} năm; số \
         liệu gốc cho {3} ({4}): quá ngắn để có mức tối đa có ý nghĩa. Hãy ghi mức trần bằng \
         một con số",
    ),
    ("none", "không có"),
    (
        "reaching {}% would need sector {} to grow {}% over {}: it cannot shrink by 100% or \
         more",
        "để đạt {0}% thì ngành {1} phải tăng {2}% trong {3}: ngành không thể giảm từ 100% trở \
         lên",
    ),
    (
        "policy {} moves only sectors with a base and a planned increase over {}, and no free \
         sector has both",
        "phương án {0} chỉ điều chỉnh các ngành có mức kỳ gốc và có mức tăng kế hoạch trong \
         {1}, mà không ngành tự do nào có cả hai",
    ),
    (
        "derived by the residual rule from the stated targets",
        "suy ra theo quy tắc phần còn lại từ các mục tiêu đã ghi",
    ),
    (
        "{} is neither quarters nor annual",
        "{0} không phải quarters (giữ các quý) hay annual (giữ cả năm)",
    ),
    (
        "{} is neither tracking nor planning",
        "{0} không phải tracking (theo dõi) hay planning (lập kế hoạch)",
    ),
    (
        "hold=annual keeps {}'s annual target, but a new one is named for {}",
        "hold=annual giữ mục tiêu cả năm của {0}, nhưng lại ghi mục tiêu mới cho {1}",
    ),
    (
        "hold=annual: {} has no quarter left to rebalance in {} (the others have actuals or \
         are named)",
        "hold=annual: {0} không còn quý nào để cân đối lại trong {1} (các quý khác đã có số \
         thực hiện hoặc đã được ghi)",
    ),
    (
        "{} {}: every quarter it covers is named by another target of the same call",
        "{0} {1}: mọi quý của kỳ này đã được ghi bởi một mục tiêu khác trong cùng lần gọi",
    ),
    (
        "the rate its quarters without actuals would need",
        "tốc độ mà các quý chưa có số thực hiện cần đạt",
    ),
    // Disbursement: the tracker, its calendar, plans and views.
    (
        "the decision on project {}, week ending {} needs a note of 1 to {} characters",
        "quyết định về dự án {0}, tuần kết thúc ngày {1} cần ghi chú dài từ 1 đến {2} ký tự",
    ),
    (
        "project {}, week ending {}: no plan line in capital source {} (import the project's \
         plan in that source first)",
        "dự án {0}, tuần kết thúc ngày {1}: không có dòng kế hoạch của nguồn vốn {2} (hãy nhập \
         kế hoạch của dự án theo nguồn vốn đó trước)",
    ),
    ("the project has no capital source of its own", "dự án không có nguồn vốn riêng"),
    ("the elasticity and the intercept must be finite", "hệ số co giãn và hệ số chặn phải hữu hạn"),
    (
        "{} quarter(s) of history; the elasticity is estimated from at least {}: give it \
         instead",
        "chỉ có {0} quý số liệu lịch sử; hệ số co giãn cần ít nhất {1} quý để ước lượng: hãy \
         nhập trực tiếp hệ số",
    ),
    (
        "disbursement growth does not vary: the elasticity cannot be estimated",
        "tăng trưởng giải ngân không thay đổi: không ước lượng được hệ số co giãn",
    ),
    ("Q{}: {} is not a positive amount", "quý {0}: {1} không phải là số tiền dương"),
    (
        "{} is not an ISO day of the week (1 = Monday .. 7 = Sunday)",
        "{0} không phải là thứ trong tuần theo ISO (1 = thứ Hai .. 7 = Chủ nhật)",
    ),
    ("{} days: at most 366", "{0} ngày: tối đa 366"),
    ("{}: a share of projects in (0, 100]", "{0}: tỷ lệ dự án phải trong khoảng (0, 100]"),
    ("its calendar setting {} = {} is not readable", "thiết lập lịch {0} = {1} không đọc được"),
    ("its setting {} = {} is not a date", "thiết lập {0} = {1} không phải là ngày"),
    ("{} is outside the plan year {}", "{0} nằm ngoài năm kế hoạch {1}"),
    ("{} tracks the plan year {}, not {}", "{0} theo dõi năm kế hoạch {1}, không phải năm {2}"),
    ("{} is not a plan year", "{0} không phải là năm kế hoạch"),
    (
        "it has no disbursement year (create it with Tracker::create)",
        "kho dữ liệu chưa có năm giải ngân (hãy tạo bằng Tracker::create)",
    ),
    ("{} is not a non-negative amount", "{0} không phải là số tiền không âm"),
    (
        "{}: a ranking rounds rates to 0 to {} decimals",
        "{0}: bảng xếp hạng làm tròn tỷ lệ đến 0 tới {1} chữ số thập phân",
    ),
    (
        "{}: a share of the province's plan lies in [0, 100] percent",
        "{0}: tỷ lệ so với kế hoạch của tỉnh phải trong khoảng [0, 100] phần trăm",
    ),
    (
        "after as_of {}: the change is measured from since to as_of",
        "sau as_of {0}: mức thay đổi được tính từ since đến as_of",
    ),
    (
        "the count-down is by project or by investor",
        "bảng đếm ngược theo dự án (project) hoặc theo chủ đầu tư (investor)",
    ),
    // Monitoring: indicators, derived figures, nowcasts, policy, tasks.
    (
        "state either va_ratio and price_index, or elasticity",
        "hãy ghi hoặc va_ratio và price_index, hoặc elasticity",
    ),
    ("a scenario of {} for a monitor of {}", "kịch bản năm {0} cho bộ theo dõi năm {1}"),
    ("{} is not an indicator of the store", "{0} không phải là chỉ tiêu trong kho dữ liệu"),
    ("{} is not a positive number", "{0} không phải là số dương"),
    ("{} is not a non-negative number", "{0} không phải là số không âm"),
    ("a recorded digest does not read: {}", "bản tổng hợp đã lưu không đọc được: {0}"),
    ("{} has no monthly values", "{0} không có số liệu theo tháng"),
    ("{}: no value for {}", "{0}: không có số liệu cho {1}"),
    (
        "{}: indicator targets are set for the year, Q3, Q4 and H2",
        "{0}: mục tiêu chỉ tiêu chỉ đặt cho cả năm, quý III, quý IV và 6 tháng cuối năm",
    ),
    (
        "{} informs no sector, so it cannot nowcast one",
        "{0} không gắn với ngành nào nên không dùng để ước tính nhanh được",
    ),
    (
        "the store is of {} and the scenario of {}",
        "kho dữ liệu của năm {0} còn kịch bản của năm {1}",
    ),
    (
        "{} has actual figures for the four quarters of {}: nothing to nowcast",
        "{0} đã có số thực hiện cả bốn quý năm {1}: không còn gì để ước tính nhanh",
    ),
    (
        "{} starts in {}, after the last quarter {} knows",
        "{0} bắt đầu từ {1}, sau quý cuối cùng mà {2} có số liệu",
    ),
    (
        "{} is reported to {}: it does not reach into {}, the quarter after the last {} knows",
        "{0} có số liệu đến {1}: chưa sang {2}, quý sau quý cuối cùng mà {3} có số liệu",
    ),
    (
        "{}; {} is an index: a nowcast needs its monthly values (the index or the amount), not \
         only its y/y growth",
        "{0}; {1} là chỉ số: ước tính nhanh cần số liệu theo tháng (chỉ số hoặc giá trị), \
         không chỉ tốc độ tăng so với cùng kỳ",
    ),
    (
        "{} {} {} already has actual figures (or the scenario is of another year): a nowcast \
         never replaces them",
        "{0} {1} {2} đã có số thực hiện (hoặc kịch bản thuộc năm khác): ước tính nhanh không \
         bao giờ thay số thực hiện",
    ),
    ("the red threshold must lie beyond the amber one", "ngưỡng đỏ phải vượt ngưỡng vàng"),
    ("{} days after the month's end: at most {}", "{0} ngày sau cuối tháng: tối đa {1}"),
    ("a standard deviation must be positive", "độ lệch chuẩn phải là số dương"),
    ("{} is not a recurrence", "{0} không phải là lịch định kỳ"),
    (
        "task {} is not recurring: its status is the task's",
        "nhiệm vụ {0} không định kỳ: trạng thái là trạng thái của chính nhiệm vụ",
    ),
    (
        "{} is not a due date of task {} ({} from {})",
        "{0} không phải là ngày đến hạn của nhiệm vụ {1} ({2} từ {3})",
    ),
    (
        "task {} due {}: done needs the date it was done",
        "nhiệm vụ {0} đến hạn {1}: đã xong thì cần ngày hoàn thành",
    ),
    ("no task {}", "không có nhiệm vụ {0}"),
    // The store and the web server's settings.
    (
        "an empty file or SQLite database (create makes a new store)",
        "tệp rỗng hoặc cơ sở dữ liệu SQLite rỗng (hãy dùng create để tạo kho dữ liệu mới)",
    ),
    ("an empty file or SQLite database", "tệp rỗng hoặc cơ sở dữ liệu SQLite rỗng"),
    (
        "it carries grdpsim's marker but has no schema",
        "tệp có dấu nhận biết của grdpsim nhưng không có lược đồ",
    ),
    (
        "application_id is {}, not grdpsim's {} ({} tables and indexes, user_version {})",
        "application_id là {0}, không phải {1} của grdpsim ({2} bảng và chỉ mục, user_version \
         {3})",
    ),
    ("application_id is {}, not grdpsim's {}", "application_id là {0}, không phải {1} của grdpsim"),
    (
        "its schema version {} is newer than this grdpsim's {}: upgrade grdpsim",
        "phiên bản lược đồ {0} mới hơn phiên bản {1} của grdpsim này: hãy nâng cấp grdpsim",
    ),
    (
        "{} exists: a backup does not overwrite a file",
        "{0} đã có: bản sao lưu không ghi đè lên tệp",
    ),
    ("no such file", "không có tệp này"),
    ("no schema_version table", "không có bảng schema_version"),
    ("it is a folder", "đây là một thư mục"),
    (
        "not an SQLite database (its first bytes are not SQLite's header)",
        "không phải cơ sở dữ liệu SQLite (các byte đầu không phải phần đầu tệp của SQLite)",
    ),
    ("unreadable schema_version ({})", "không đọc được schema_version ({0})"),
    (
        "{}: a store opens at most {} read-only connections (0: every read through the writer)",
        "{0}: kho dữ liệu mở tối đa {1} kết nối chỉ đọc (0: mọi lượt đọc qua kết nối ghi)",
    ),
    (
        "{} s: a timeout must be more than zero and at most {} s (a day)",
        "{0} giây: thời gian chờ phải lớn hơn 0 và tối đa {1} giây (một ngày)",
    ),
    (
        "{}: a connection cap must be more than zero and at most {}",
        "{0}: giới hạn số kết nối phải lớn hơn 0 và tối đa {1}",
    ),
    // Reading files: long CSV, SDMX, sector trees, workbooks.
    (
        "{}: columns differ in length (period {}, sector {}, price_basis {}, value {})",
        "{0}: các cột dài khác nhau (kỳ {1}, ngành {2}, giá {3}, giá trị {4})",
    ),
    ("no column {}", "không có cột {0}"),
    (
        "expected exactly one value column besides period, sector, price_basis; found {}",
        "cần đúng một cột giá trị ngoài các cột \"period\", \"sector\", \"price_basis\"; tìm thấy {0}",
    ),
    (
        "UNIT_MULT {} is not an integer between -30 and 30",
        "UNIT_MULT {0} không phải số nguyên từ -30 đến 30",
    ),
    (
        "no quarterly GDP, value-added or product-tax series found",
        "không tìm thấy chuỗi số liệu quý nào về GDP, giá trị tăng thêm hoặc thuế sản phẩm",
    ),
    ("elements nest deeper than {} levels", "các phần tử lồng nhau sâu hơn {0} cấp"),
    ("net_taxes {} is not true/false", "net_taxes {0} không phải true/false"),
    (
        "reading workbooks needs grdpsim's `xlsx` feature: save the sheets as CSV files, or \
         build grdpsim with `--features xlsx`",
        "đọc tệp Excel cần tính năng `xlsx` của grdpsim: hãy lưu các trang tính thành tệp CSV, \
         hoặc xây dựng grdpsim với `--features xlsx`",
    ),
    (
        "{} columns over more than {} rows: more than this layout holds ({} cells)",
        "{0} cột trên hơn {1} dòng: nhiều hơn mẫu này chứa được ({2} ô)",
    ),
    (
        "{} bytes: larger than any workbook of ours (at most {})",
        "{0} byte: lớn hơn mọi tệp Excel của mẫu này (tối đa {1})",
    ),
    (
        "not a readable workbook: an OLE container, that is an encrypted (password-protected) \
         workbook or an Excel 97-2003 .xls; save a copy as .xlsx without a password and read \
         that (một tệp .xls hoặc có mật khẩu: hãy lưu thành .xlsx không mật khẩu)",
        "không đọc được tệp Excel: đây là tệp OLE, tức là tệp có mật khẩu (đã mã hóa) hoặc tệp \
         .xls của Excel 97-2003; hãy lưu một bản thành .xlsx không mật khẩu rồi đọc bản đó",
    ),
    (
        "not a readable workbook (corrupted or not Excel): save it as .xlsx (tệp hỏng hoặc \
         không phải Excel: hãy lưu thành .xlsx)",
        "không đọc được tệp Excel (tệp hỏng hoặc không phải Excel): hãy lưu thành .xlsx",
    ),
    (
        "not a readable workbook (corrupted or not Excel): {}",
        "không đọc được tệp Excel (tệp hỏng hoặc không phải Excel): {0}",
    ),
    // After the more specific refusals above.
    ("not a readable workbook ({})", "không đọc được tệp Excel ({0})"),
    (
        "the part is missing, but sheet {} refers to its strings ({}) (thiếu phần \
         xl/sharedStrings.xml)",
        "thiếu phần xl/sharedStrings.xml, nhưng trang tính {0} dùng các chuỗi trong đó ({1})",
    ),
    (
        "its declared extent ends at {}, beyond Excel's grid of {} rows × {} columns",
        "phạm vi khai báo kết thúc ở {0}, vượt lưới của Excel gồm {1} dòng × {2} cột",
    ),
    (
        "more than {} cells (values or blanks): more than a sheet of this layout holds",
        "hơn {0} ô (có giá trị hoặc trống): nhiều hơn một trang tính của mẫu này chứa được",
    ),
    ("cell {} is beyond Excel's grid", "ô {0} nằm ngoài lưới của Excel"),
    (
        "a formula without a stored value: open and save the workbook in Excel, or type the \
         value (công thức chưa có giá trị: hãy mở và lưu tệp bằng Excel, hoặc nhập giá trị)",
        "công thức chưa có giá trị: hãy mở và lưu tệp bằng Excel, hoặc nhập giá trị",
    ),
    (
        "cell {} holds a value beyond column {}: this layout has at most {} columns",
        "ô {0} có giá trị ngoài cột {1}: mẫu này có tối đa {2} cột",
    ),
    (
        "cell {} holds a value beyond row {}: this layout has at most {} rows",
        "ô {0} có giá trị ngoài dòng {1}: mẫu này có tối đa {2} dòng",
    ),
    (
        "more than {} cells with values: more than this layout holds",
        "hơn {0} ô có giá trị: nhiều hơn mẫu này chứa được",
    ),
    ("{} parts: a workbook has far fewer", "{0} phần: một tệp Excel có ít hơn nhiều"),
    (
        "{} bytes uncompressed: larger than any part of a workbook of ours (at most {})",
        "{0} byte khi giải nén: lớn hơn mọi phần của tệp Excel theo mẫu này (tối đa {1})",
    ),
    (
        "an .xlsb or .ods workbook: save it as .xlsx (Excel Workbook) and read that (hãy lưu \
         thành .xlsx)",
        "tệp .xlsb hoặc .ods: hãy lưu thành .xlsx (Excel Workbook) rồi đọc tệp đó",
    ),
    (
        "<{} {}={}>: not a cell of Excel's grid",
        "<{0} {1}={2}>: không phải là ô trong lưới của Excel",
    ),
    (
        "declares {} strings: more than its {} bytes hold (at most {})",
        "khai báo {0} chuỗi: nhiều hơn {1} byte của nó chứa được (tối đa {2})",
    ),
    // Dates, languages, price bases and periods.
    ("{} is not a calendar date", "{0} không phải là ngày có thật trong lịch"),
    ("{} is neither 'en' nor 'vi'", "{0} không phải 'en' hay 'vi'"),
    (
        "{} is neither constant_2010 nor current",
        "{0} không phải constant_2010 (giá so sánh 2010) hay current (giá hiện hành)",
    ),
    ("the year must be between {} and {}", "năm phải từ {0} đến {1}"),
    ("expected a single quarter such as 2024Q3", "cần một quý, ví dụ 2024Q3"),
    (
        "quarters must satisfy 1 <= first <= last <= 4",
        "các quý phải thỏa mãn 1 <= quý đầu <= quý cuối <= 4",
    ),
    (
        "an empty label names no period (the year is `Y`)",
        "nhãn trống không chỉ kỳ nào (cả năm là `Y`)",
    ),
    // The import's cells (src/store/import.rs).
    ("an amount is required", "cần nhập số tiền"),
    (
        "not a number (write 1234.5, without thousands separators)",
        "không phải là số (hãy viết 1234.5, không dùng dấu tách hàng nghìn)",
    ),
    ("not a finite number", "không phải là số hữu hạn"),
    ("negative amount", "số tiền âm"),
    (
        "implausible amount (million VND): 10^12 or more",
        "số tiền không hợp lý (triệu đồng): từ 10^12 trở lên",
    ),
    ("not a number", "không phải là số"),
    ("required", "không được để trống"),
    ("a date is required", "cần nhập ngày"),
    (
        "date outside the plan year {}",
        "ngày nằm ngoài năm kế hoạch {0}",
    ),
    (
        "not an ISO date YYYY-MM-DD",
        "không phải là ngày dạng YYYY-MM-DD",
    ),
    (
        "month outside the plan year {}",
        "tháng nằm ngoài năm kế hoạch {0}",
    ),
    ("not a month YYYY-MM", "không phải là tháng dạng YYYY-MM"),
    (
        "unknown project (import it in a projects file first)",
        "không có dự án mã này (hãy nhập tệp danh mục dự án trước)",
    ),
    ("missing column of the {} layout", "thiếu cột của mẫu {0}"),
    (
        "not a known layout: {}",
        "không phải mẫu tệp đã biết; các mẫu: {0}",
    ),
    (
        "the same key as {}: one figure per key",
        "trùng khóa với {0}: mỗi khóa chỉ một số liệu",
    ),
    ("sheet {} row {}", "trang tính {0} dòng {1}"),
    ("row {}", "dòng {0}"),
    // Disbursement's rows.
    (
        "not a payment source: investor or treasury",
        "không phải nguồn số liệu: investor (chủ đầu tư) hoặc treasury (Kho bạc)",
    ),
    ("project {}: {}", "dự án {0}: {1}"),
    (
        "{} is a {}: this store's weeks end on {} ({} ends that week)",
        "ngày {0} là {1}: tuần báo cáo của kho dữ liệu này kết thúc vào {2} (tuần đó kết thúc \
         ngày {3})",
    ),
    (
        "{} is in the future: today is {} and a week may end at most {} day(s) ahead (latest {})",
        "ngày {0} ở tương lai: hôm nay là {1} và ngày cuối tuần chỉ được sau hôm nay tối đa {2} \
         ngày (muộn nhất {3})",
    ),
    ("Monday", "thứ Hai"),
    ("Tuesday", "thứ Ba"),
    ("Wednesday", "thứ Tư"),
    ("Thursday", "thứ Năm"),
    ("Friday", "thứ Sáu"),
    ("Saturday", "thứ Bảy"),
    ("Sunday", "Chủ nhật"),
    (
        "not a status: open, in_progress, resolved or escalated",
        "không phải trạng thái: open (chưa xử lý), in_progress (đang xử lý), resolved (đã giải \
         quyết) hoặc escalated (đã báo cáo cấp trên)",
    ),
    (
        "a resolved obstacle needs its result",
        "vướng mắc đã giải quyết cần ghi kết quả xử lý",
    ),
    (
        "not a purpose: works, site_clearance, consultancy or other (xây lắp, giải phóng mặt \
         bằng, tư vấn, khác)",
        "không phải mục đích tạm ứng: works (xây lắp), site_clearance (giải phóng mặt bằng), \
         consultancy (tư vấn) hoặc other (khác)",
    ),
    (
        "no advance {} of project {} (import it first)",
        "dự án {1} không có khoản tạm ứng {0} (hãy nhập khoản tạm ứng trước)",
    ),
    (
        "before advance {} was made on {}",
        "trước ngày cấp khoản tạm ứng {0} ({1})",
    ),
    (
        "less than is already recovered of advance {}: {}",
        "thấp hơn số đã thu hồi của khoản tạm ứng {0}: {1}",
    ),
    (
        "leaves project {} with {} advanced, less than the {} already recovered",
        "dự án {0} còn {1} đã tạm ứng, ít hơn {2} đã thu hồi",
    ),
    (
        "this account may not import this layout",
        "tài khoản này không được nhập mẫu tệp này",
    ),
    (
        "not a project of this account's investor",
        "không phải dự án của chủ đầu tư của tài khoản này",
    ),
    (
        "this account enters {} payments only",
        "tài khoản này chỉ nhập số giải ngân nguồn {0}",
    ),
    ("not UTF-8 text", "không phải văn bản UTF-8"),
    // Accounts (the administration page).
    (
        "{}: use 1 to 64 letters, digits and . _ - @",
        "{0}: hãy dùng từ 1 đến 64 chữ cái, chữ số và . _ - @",
    ),
    ("at least {} characters", "ít nhất {0} ký tự"),
    (
        "an investor account names its investor",
        "tài khoản chủ đầu tư phải ghi chủ đầu tư của mình",
    ),
    (
        "{} is not an investor of this store",
        "{0} không phải chủ đầu tư trong kho dữ liệu này",
    ),
    (
        "a department account names its department",
        "tài khoản sở, ngành phải ghi sở, ngành của mình",
    ),
    (
        "{} is not a department of this store's indicators or tasks",
        "{0} không phải sở, ngành nào trong các chỉ tiêu, nhiệm vụ của kho dữ liệu này",
    ),
    (
        "only an investor or a department account names an investor or a department ({} given)",
        "chỉ tài khoản chủ đầu tư hoặc sở, ngành mới ghi chủ đầu tư hoặc sở, ngành (đã ghi {0})",
    ),
    // Monitoring's rows.
    (
        "unknown indicator (import it in an indicators file first)",
        "không có chỉ tiêu mã này (hãy nhập tệp danh mục chỉ tiêu trước)",
    ),
    (
        "not a kind: flow (summed over months) or index",
        "không phải loại chỉ tiêu: flow (cộng dồn theo tháng) hoặc index (chỉ số)",
    ),
    (
        "not a period: year, H2, Q3 or Q4",
        "không phải kỳ: year (cả năm), H2, Q3 hoặc Q4",
    ),
    (
        "not a basis: plan or scenario",
        "không phải căn cứ: plan (kế hoạch) hoặc scenario (kịch bản)",
    ),
    ("a target is required", "cần nhập mục tiêu"),
    (
        "a month of {} (or of {} for the profile)",
        "phải là một tháng của năm {0} (hoặc của năm {1} cho số liệu nền)",
    ),
    (
        "a report needs a value, a cumulative or a yoy_pct",
        "báo cáo cần số tháng (value), lũy kế (cumulative) hoặc tốc độ so cùng kỳ (yoy_pct)",
    ),
    ("a count is at least 0", "số đếm không được âm"),
    (
        "required: a date, a recurrence or an event's name",
        "không được để trống: một ngày, một lịch định kỳ hoặc tên một sự kiện",
    ),
    (
        "{} is not a date YYYY-MM-DD nor a recurrence (every 2 weeks, định kỳ 2 tuần, monthly \
         by 25, hằng tháng trước ngày 25); as an event it needs its expected date in column \
         expected",
        "{0} không phải ngày YYYY-MM-DD cũng không phải lịch định kỳ (định kỳ 2 tuần, hằng \
         tháng trước ngày 25); là một sự kiện thì cần ngày dự kiến ở cột \"expected\"",
    ),
    (
        "{} (deadline {}) in column {}",
        "{0} (thời hạn {1}) ở cột {2}",
    ),
    (
        "a recurrence needs its first due date",
        "lịch định kỳ cần ngày đến hạn đầu tiên",
    ),
    (
        "an event needs its expected date",
        "sự kiện cần ngày dự kiến",
    ),
    (
        "a recurrence's first due date must fall in {} or {} (the store's plan year or the one \
         before)",
        "ngày đến hạn đầu tiên của lịch định kỳ phải thuộc năm {0} hoặc {1} (năm kế hoạch của \
         kho dữ liệu hoặc năm trước đó)",
    ),
    (
        "not a status: open, in_progress or done",
        "không phải trạng thái: open (chưa làm), in_progress (đang làm) hoặc done (đã xong)",
    ),
    (
        "a task done needs the date it was done",
        "nhiệm vụ đã xong cần ngày hoàn thành",
    ),
    (
        "a task's progress done needs its total",
        "tiến độ đã làm của nhiệm vụ cần tổng khối lượng",
    ),
    // Figures typed by people (lang::NumberError's English).
    ("a number is required", "cần nhập một số"),
    (
        "{}: the marks do not separate thousands (write {} or 1250.5)",
        "{0}: dấu chấm, dấu phẩy không tách đúng hàng nghìn (hãy viết {1} hoặc 1250.5)",
    ),
    (
        "{} reads two ways, {} or {}: write {} or {}",
        "{0} đọc được hai cách, {1} hoặc {2}: hãy viết {3} hoặc {4}",
    ),
    ("{} is not a number", "{0} không phải là số"),
    // Scenarios and levels.
    (
        "NaN is not a growth rate",
        "NaN không phải là tốc độ tăng trưởng",
    ),
    (
        "a planned growth is not finite",
        "một tốc độ tăng trưởng kế hoạch không hữu hạn",
    ),
    ("every sector is locked", "mọi ngành đều bị khóa"),
    ("no levels given", "không có số liệu mức nào"),
    (
        "no constant-price levels given",
        "không có số liệu mức theo giá so sánh",
    ),
    ("the quarter must be 1 to 4", "quý phải từ 1 đến 4"),
    (
        "the targets put the total below zero",
        "các mục tiêu làm tổng số âm",
    ),
    (
        "more than 10,000 times the level of the year before",
        "gấp hơn 10.000 lần mức của năm trước",
    ),
    (
        "an actual level must be finite, at most 1e21, and (outside net taxes) above zero",
        "mức thực hiện phải hữu hạn, tối đa 1e21 và (trừ thuế sản phẩm) lớn hơn 0",
    ),
    (
        "growth over this base is not a finite number (a base too small, or a level too large)",
        "tăng trưởng so với kỳ gốc này không phải số hữu hạn (kỳ gốc quá nhỏ hoặc mức quá lớn)",
    ),
    (
        "the projected level is not finite: the target is too large",
        "mức dự kiến không hữu hạn: mục tiêu quá lớn",
    ),
    (
        "must be a finite amount >= 0",
        "phải là số tiền hữu hạn >= 0",
    ),
    ("names no department", "không ghi sở, ngành nào"),
    (
        "not a date this library reads",
        "không phải ngày mà thư viện đọc được",
    ),
    // Accounts and periods.
    (
        "{} (the base of growth in {})",
        "{0} (kỳ gốc để tính tăng trưởng của {1})",
    ),
    // Dates and arguments.
    (
        "not a calendar date YYYY-MM-DD",
        "không phải là ngày dương lịch dạng YYYY-MM-DD",
    ),
    (
        "{} is not an ISO date YYYY-MM-DD",
        "{0} không phải là ngày dạng YYYY-MM-DD",
    ),
    (
        "{} is not a month YYYY-MM",
        "{0} không phải là tháng dạng YYYY-MM",
    ),
    (
        "{} is not a month of the store's year {}",
        "{0} không phải là tháng của năm {1}, năm kế hoạch của kho dữ liệu",
    ),
    (
        "the national target of {} must be a positive amount, not {}",
        "mục tiêu quốc gia năm {0} phải là số tiền dương, không phải {1}",
    ),
    (
        "the national target of {} needs its decision (source)",
        "mục tiêu quốc gia năm {0} cần ghi quyết định giao (nguồn)",
    ),
    // The general frames of the Python package's errors, after every phrase they contain.
    ("{} levels", "mức {0}"),
    ("{} is empty", "{0} rỗng"),
    ("{}: {} (argument {})", "{0}: {1} (tham số {2})"),
    ("invalid argument {}: expected a {}, got {}", "tham số {0} không hợp lệ: cần {1}, nhận được {2}"),
    ("invalid argument {}: {}", "tham số {0} không hợp lệ: {1}"),
];
