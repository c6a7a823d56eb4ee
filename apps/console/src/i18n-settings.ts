/**
 * Messages of the workflow settings page (办理设置), the notification inbox and the contact form,
 * kept apart from `i18n.ts` and spread into its dictionaries.
 */
export const settingsZh = {
  'nav.settings': '办理设置',
  'settings.title': '办理设置',
  'settings.intro':
    '按县设定办理期限和评价规则。期限从交办之日起按工作日计算（节假日、调休按节假日安排）；修改只影响此后交办或反馈的件，已在计时的件保持原期限。未单独设定的，沿用上级或系统默认值。',
  'settings.region': '适用范围：{name}',
  'settings.limits': '办理期限',
  'settings.level': '办理层级',
  'settings.urgency': '紧急程度',
  'settings.accept': '签收（工作日）',
  'settings.reply': '答复（工作日）',
  'settings.warn': '到期前预警（工作日）',
  'settings.source': '来源',
  'settings.sourceDefault': '系统默认',
  'settings.sourceOwn': '本县设定',
  'settings.sourceAbove': '上级设定',
  'settings.defaultValue': '默认：签收 {accept} 天，答复 {reply} 天，预警 {warn} 天',
  'settings.edit': '修改',
  'settings.restore': '恢复默认',
  'settings.restoreConfirm': '取消本县对“{level}·{urgency}”的单独设定，恢复上级设定或系统默认？',
  'settings.editTitle': '办理期限：{level}·{urgency}',
  'settings.save': '保存',
  'settings.cancel': '取消',
  'settings.saved': '已保存',
  'settings.restored': '已恢复默认',
  'settings.urgency.normal': '一般',
  'settings.urgency.urgent': '紧急',
  'settings.rating': '群众评价',
  'settings.ratingWait': '反馈后等待评价（自然日）',
  'settings.ratingWaitHelp': '反馈后在此天数内未评价的，按下面的设定计入并办结。',
  'settings.ratingOutcome': '逾期未评价视为',
  'settings.outcome.satisfied': '满意',
  'settings.outcome.basically_satisfied': '基本满意',
  'settings.followDefault': '沿用默认（{value}）',
  'settings.inForce': '现行：{value}（{source}）',
  'settings.attachments': '附件大小上限',
  'settings.attachmentsValue':
    '{mb} MB（按部署设定，由运维人员以环境变量 LIANLUO_MAX_ATTACHMENT_BYTES 配置）',
} as const;

export const settingsEn: Record<keyof typeof settingsZh, string> = {
  'nav.settings': 'Case settings',
  'settings.title': 'Case settings',
  'settings.intro':
    'Deadlines and rating rules, set per county. Deadlines count working days from the referral (on the holiday calendar). A change applies to cases referred or fed back from now on; running deadlines keep theirs. What a county does not set follows the level above, or the built-in default.',
  'settings.region': 'Applies to: {name}',
  'settings.limits': 'Deadlines',
  'settings.level': 'Handling level',
  'settings.urgency': 'Urgency',
  'settings.accept': 'Accept (working days)',
  'settings.reply': 'Reply (working days)',
  'settings.warn': 'Warn before due (working days)',
  'settings.source': 'Source',
  'settings.sourceDefault': 'Default',
  'settings.sourceOwn': 'This county',
  'settings.sourceAbove': 'Level above',
  'settings.defaultValue': 'Default: accept {accept}, reply {reply}, warn {warn} days',
  'settings.edit': 'Edit',
  'settings.restore': 'Restore default',
  'settings.restoreConfirm':
    'Remove this county’s own setting for “{level} · {urgency}” and follow the level above or the default?',
  'settings.editTitle': 'Deadlines: {level} · {urgency}',
  'settings.save': 'Save',
  'settings.cancel': 'Cancel',
  'settings.saved': 'Saved',
  'settings.restored': 'Default restored',
  'settings.urgency.normal': 'Normal',
  'settings.urgency.urgent': 'Urgent',
  'settings.rating': 'Rating by the person',
  'settings.ratingWait': 'Wait for a rating after feedback (calendar days)',
  'settings.ratingWaitHelp': 'With no rating within this many days, the case counts as below and is closed.',
  'settings.ratingOutcome': 'No rating counts as',
  'settings.outcome.satisfied': 'Satisfied',
  'settings.outcome.basically_satisfied': 'Basically satisfied',
  'settings.followDefault': 'Follow the default ({value})',
  'settings.inForce': 'In force: {value} ({source})',
  'settings.attachments': 'Attachment size limit',
  'settings.attachmentsValue':
    '{mb} MB (per deployment, set by the operator with LIANLUO_MAX_ATTACHMENT_BYTES)',
};

export const inboxZh = {
  'inbox.title': '站内消息',
  'inbox.bell': '站内消息（{n} 条未读）',
  'inbox.empty': '暂无消息',
  'inbox.unreadOnly': '只看未读',
  'inbox.markAll': '全部标为已读',
  'inbox.markRead': '标为已读',
  'inbox.viewAll': '查看全部',
  'inbox.openCase': '查看案件 {number}',
  'inbox.unread': '未读',
  'inbox.marked': '已将 {n} 条标为已读',
} as const;

export const inboxEn: Record<keyof typeof inboxZh, string> = {
  'inbox.title': 'Messages',
  'inbox.bell': 'Messages ({n} unread)',
  'inbox.empty': 'No messages',
  'inbox.unreadOnly': 'Unread only',
  'inbox.markAll': 'Mark all read',
  'inbox.markRead': 'Mark read',
  'inbox.viewAll': 'View all',
  'inbox.openCase': 'Open case {number}',
  'inbox.unread': 'Unread',
  'inbox.marked': '{n} marked read',
};

export const contactZh = {
  'contact.title': '我的通知方式',
  'contact.open': '设置通知方式',
  'contact.intro':
    '交办、期限预警、督办等通知总会出现在站内消息中；填写邮箱或微信 openid 并勾选后，同时发送邮件或公众号模板消息。',
  'contact.email': '工作邮箱',
  'contact.openid': '微信 openid',
  'contact.openidHelp': '关注本平台公众号后由管理员提供，16至64位字母、数字、-、_',
  'contact.channels': '同时通过以下方式通知我',
  'contact.channel.email': '邮件',
  'contact.channel.wechat': '微信模板消息',
  'contact.saved': '通知方式已保存',
  'contact.emailInvalid': '邮箱格式不正确',
  'contact.openidInvalid': 'openid 格式不正确',
} as const;

export const contactEn: Record<keyof typeof contactZh, string> = {
  'contact.title': 'My notification channels',
  'contact.open': 'Notification channels',
  'contact.intro':
    'Referrals, deadline warnings and supervision notices always reach your in-app messages; add an e-mail address or WeChat openid and tick it to get them there too (e-mail, official-account template message).',
  'contact.email': 'Work e-mail',
  'contact.openid': 'WeChat openid',
  'contact.openidHelp':
    'Given by the administrator once you follow the official account; 16–64 letters, digits, - or _',
  'contact.channels': 'Also notify me by',
  'contact.channel.email': 'E-mail',
  'contact.channel.wechat': 'WeChat template message',
  'contact.saved': 'Notification channels saved',
  'contact.emailInvalid': 'Not a valid e-mail address',
  'contact.openidInvalid': 'Not a valid openid',
};
