//! The words of the pages of everyone else in the province's loop (departments, the Office,
//! leaders), in Vietnamese and English: [`catalog`](super::catalog)'s second half, kept apart so
//! that each file stays short. Templates write `self.l(LoopMsg::…)`.

use crate::lang::Lang;

/// A message of the departments', the Office's and the leaders' pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LoopMsg {
    DepartmentRole,
    OfficeRole,
    LeaderRole,
    DepartmentAccounts,
    NoDepartment,
    AssignedTargets,
    Sector,
    Period,
    Deadline,
    NoScenarioTargets,
    Indicators,
    Indicator,
    Unit,
    Target,
    PlanTarget,
    ReachedOfPlan,
    ScenarioTarget,
    ReachedOfScenario,
    ExpectedByNow,
    PaceAt,
    MonthlyReport,
    Month,
    MonthValue,
    Cumulative,
    YoyPct,
    Note,
    SaveReport,
    Tasks,
    Task,
    Section,
    Title,
    Status,
    Progress,
    Result,
    Done,
    Total,
    DoneOn,
    ReportProgress,
    Findings,
    NoFindings,
    UploadMonitoring,
    NotYourIndicator,
    NotYourTask,
    NotYourDepartment,
    NotAMonth,
    NotAStatus,
    NotADate,
    ALeaderPostsNothing,
    NoValue,
    DoneNeedsTotal,
}

impl LoopMsg {
    /// The message in `lang`.
    pub(crate) fn text(self, lang: Lang) -> &'static str {
        super::catalog::in_lang(lang, self.both())
    }

    /// The message in English and in Vietnamese.
    #[allow(clippy::too_many_lines)] // one arm a message: the catalog itself
    const fn both(self) -> (&'static str, &'static str) {
        use LoopMsg as M;
        match self {
            M::DepartmentRole => ("Department", "Sở, ngành"),
            M::OfficeRole => ("Office of the People's Committee", "Văn phòng UBND tỉnh"),
            M::LeaderRole => ("Leader", "Lãnh đạo UBND tỉnh"),
            M::DepartmentAccounts => (
                "Department (department accounts)",
                "Sở, ngành (tài khoản sở, ngành)",
            ),
            M::NoDepartment => ("(none)", "(không)"),
            M::AssignedTargets => (
                "Sector targets assigned to the department",
                "Chỉ tiêu ngành giao cho sở",
            ),
            M::Sector => ("Sector", "Ngành"),
            M::Period => ("Period", "Kỳ"),
            M::Deadline => ("Deadline", "Thời hạn"),
            M::NoScenarioTargets => (
                "The scenario served assigns no sector target to this department.",
                "Kịch bản đang dùng chưa giao chỉ tiêu ngành nào cho sở.",
            ),
            M::Indicators => ("Indicators", "Chỉ tiêu theo dõi"),
            M::Indicator => ("Indicator", "Chỉ tiêu"),
            M::Unit => ("Unit", "Đơn vị"),
            M::Target => ("Target", "Chỉ tiêu"),
            M::PlanTarget => ("Plan target", "Kế hoạch"),
            M::ReachedOfPlan => ("Reached, % of plan", "Đạt, % kế hoạch"),
            M::ScenarioTarget => ("Scenario target", "Mục tiêu kịch bản"),
            M::ReachedOfScenario => ("Reached, % of scenario", "Đạt, % mục tiêu kịch bản"),
            M::ExpectedByNow => ("Expected by now, %", "Cần đạt đến nay, %"),
            M::PaceAt => ("Pace to date, month", "Tiến độ lũy kế đến tháng"),
            M::MonthlyReport => ("Monthly report", "Báo cáo tháng"),
            M::Month => ("Month (YYYY-MM)", "Tháng (YYYY-MM)"),
            M::MonthValue => ("Value of the month", "Số của tháng"),
            M::Cumulative => ("Cumulative to the month", "Lũy kế đến tháng"),
            M::YoyPct => ("Growth y/y, %", "Tăng so với cùng kỳ, %"),
            M::Note => ("Note", "Ghi chú"),
            M::SaveReport => ("Save the report", "Lưu báo cáo"),
            M::Tasks => ("Tasks", "Nhiệm vụ"),
            M::Task => ("Task", "Nhiệm vụ"),
            M::Section => ("Section", "Mục"),
            M::Title => ("Title", "Nội dung"),
            M::Status => ("Status", "Tình trạng"),
            M::Progress => ("Progress", "Tiến độ"),
            M::Result => ("Result", "Kết quả"),
            M::Done => ("Done", "Đã làm"),
            M::Total => ("Total", "Tổng số"),
            M::DoneOn => ("Done on (YYYY-MM-DD)", "Ngày hoàn thành (YYYY-MM-DD)"),
            M::ReportProgress => ("Report progress", "Báo cáo tiến độ"),
            M::Findings => ("Findings", "Cảnh báo"),
            M::NoFindings => ("No finding.", "Không có cảnh báo."),
            M::UploadMonitoring => (
                "Upload monthly values (the monitoring layouts; your own indicators only)",
                "Tải lên số liệu tháng (mẫu giám sát; chỉ chỉ tiêu của sở)",
            ),
            M::NotYourIndicator => (
                "not an indicator of this account's department",
                "không phải chỉ tiêu của sở của tài khoản này",
            ),
            M::NotYourTask => (
                "not a task of this account's department",
                "không phải nhiệm vụ của sở của tài khoản này",
            ),
            M::NotYourDepartment => (
                "This account may not read or change this department's page.",
                "Tài khoản này không được xem hoặc sửa trang của sở này.",
            ),
            M::NotAMonth => (
                "not a month YYYY-MM of the year",
                "không phải tháng YYYY-MM của năm",
            ),
            M::NotAStatus => (
                "not a status of the list",
                "không phải tình trạng trong danh sách",
            ),
            M::NotADate => ("not a date YYYY-MM-DD", "không phải ngày YYYY-MM-DD"),
            M::ALeaderPostsNothing => (
                "A leader's account reads only: it posts nothing.",
                "Tài khoản lãnh đạo chỉ được xem, không gửi biểu mẫu nào.",
            ),
            M::NoValue => ("–", "–"),
            M::DoneNeedsTotal => (
                "A task's progress done needs its total.",
                "Số đã làm cần có tổng số.",
            ),
        }
    }
}
