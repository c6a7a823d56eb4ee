/**
 * Messages of the holiday calendar page (节假日安排) and its warning, kept apart from `i18n.ts` and
 * spread into its dictionaries, so both are edited without stepping on each other.
 */
export const calendarZh = {
  'nav.calendar': '节假日安排',
  'calendar.title': '节假日安排',
  'calendar.intro':
    '工作日期限（签收、答复）按国务院办公厅每年发布的《关于部分节假日安排的通知》计算：放假日不计，调休上班的周末计为工作日。每年通知发布后，请按通知逐日录入次年的放假日和调休上班日。',
  'calendar.year': '年份',
  'calendar.yearOption': '{year}年',
  'calendar.summary': '{year}年已录入：放假 {holidays} 天，调休上班 {workdays} 天',
  'calendar.notLoaded': '{year}年尚未录入',
  'calendar.warningNext':
    '{year}年节假日安排尚未录入完整，跨年的工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入',
  'calendar.warningCurrent':
    '{year}年节假日安排尚未录入完整，工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入',
  'calendar.incomplete':
    '尚未录入完整，还缺这些法定节假日：{dates}。录入完整前，期限暂按法定节假日推算（未计调休）。',
  'calendar.warningLink': '前往录入',
  'calendar.tabList': '列表',
  'calendar.tabMonth': '月历',
  'calendar.date': '日期',
  'calendar.weekday': '星期',
  'calendar.kind': '类型',
  'calendar.name': '节日',
  'calendar.holiday': '放假',
  'calendar.workday': '调休上班',
  'calendar.empty': '该年尚无节假日记录',
  'calendar.delete': '删除',
  'calendar.deleteConfirm': '删除 {date}（{name}，{kind}）？删除后按普通工作日/周末计算。',
  'calendar.deleted': '已删除 {date}',
  'calendar.addOne': '逐日录入',
  'calendar.add': '添加',
  'calendar.dateRequired': '请选择日期',
  'calendar.nameRequired': '请填写节日名称',
  'calendar.namePlaceholder': '如：春节',
  'calendar.added': '已录入 {n} 天',
  'calendar.paste': '粘贴通知内容或上传 CSV',
  'calendar.pasteHint':
    '每行一天或一段：日期 类型 节日，类型为“放假”(holiday) 或“上班”(workday)；一段日期用 ~ 连接。例（2026年通知中的春节）：\n2026-02-15~2026-02-23 放假 春节\n2026-02-14 上班 春节\n2026-02-28 上班 春节',
  'calendar.upload': '上传 CSV',
  'calendar.preview': '将录入 {n} 天',
  'calendar.submitPaste': '录入',
  'calendar.badLines': '以下各行无法识别，请改正后再录入：',
  'calendar.lineNo': '第 {n} 行：{text}',
  'calendar.weekdays': '日,一,二,三,四,五,六',
} as const;

export const calendarEn: Record<keyof typeof calendarZh, string> = {
  'nav.calendar': 'Holiday calendar',
  'calendar.title': 'Holiday calendar',
  'calendar.intro':
    'Working-day deadlines (accepting, replying) follow the State Council General Office’s yearly notice on public holidays: days off do not count, and weekend days worked in exchange count as working days. Once a year’s notice is out, enter its days off and make-up working days here.',
  'calendar.year': 'Year',
  'calendar.yearOption': '{year}',
  'calendar.summary': '{year} loaded: {holidays} days off, {workdays} make-up working days',
  'calendar.notLoaded': '{year} not loaded yet',
  'calendar.warningNext':
    'The {year} holiday arrangement has not been entered in full: working-day deadlines running into {year} count its statutory holidays for now and are recomputed once it is entered. An administrator should enter it soon.',
  'calendar.warningCurrent':
    'The {year} holiday arrangement has not been entered in full: working-day deadlines count its statutory holidays for now and are recomputed once it is entered. An administrator should enter it soon.',
  'calendar.incomplete':
    'Not complete: these statutory holidays are still missing: {dates}. Until it is, deadlines count the statutory holidays only (no make-up days).',
  'calendar.warningLink': 'Enter it',
  'calendar.tabList': 'List',
  'calendar.tabMonth': 'Month view',
  'calendar.date': 'Date',
  'calendar.weekday': 'Weekday',
  'calendar.kind': 'Kind',
  'calendar.name': 'Festival',
  'calendar.holiday': 'Day off',
  'calendar.workday': 'Make-up working day',
  'calendar.empty': 'No days for this year',
  'calendar.delete': 'Delete',
  'calendar.deleteConfirm':
    'Delete {date} ({name}, {kind})? It then counts as an ordinary weekday or weekend day.',
  'calendar.deleted': '{date} deleted',
  'calendar.addOne': 'Add a day',
  'calendar.add': 'Add',
  'calendar.dateRequired': 'Pick a date',
  'calendar.nameRequired': 'Name the festival',
  'calendar.namePlaceholder': 'e.g. 春节',
  'calendar.added': '{n} days entered',
  'calendar.paste': 'Paste the notice or upload a CSV',
  'calendar.pasteHint':
    'One day or range per line: date kind festival, kind being holiday (放假) or workday (上班); join a range with ~. For example (春节 in the 2026 notice):\n2026-02-15~2026-02-23 holiday 春节\n2026-02-14 workday 春节\n2026-02-28 workday 春节',
  'calendar.upload': 'Upload CSV',
  'calendar.preview': '{n} days to enter',
  'calendar.submitPaste': 'Enter',
  'calendar.badLines': 'These lines could not be read; correct them and try again:',
  'calendar.lineNo': 'Line {n}: {text}',
  'calendar.weekdays': 'Sun,Mon,Tue,Wed,Thu,Fri,Sat',
};
