/**
 * Messages of the Open311 key page (接口密钥), kept apart from `i18n.ts` and spread into its
 * dictionaries, so both are edited without stepping on each other.
 */
export const open311Zh = {
  'nav.open311': 'Open311 接口',
  'open311.title': 'Open311 接口密钥',
  'open311.intro':
    '12345 热线、城市服务平台等系统可通过 Open311 GeoReport v2 接口向本辖区提交诉求并查询办理状态。提交诉求须使用这里签发的密钥；查询只返回办理状态和公开内容，不含反映人信息。',
  'open311.endpoint': '接口地址：{url}',
  'open311.issue': '签发密钥',
  'open311.name': '使用方',
  'open311.namePlaceholder': '如：市12345热线',
  'open311.nameRequired': '请填写使用方名称',
  'open311.region': '辖区',
  'open311.regionHint': '密钥只能提交本辖区（{region}）的诉求',
  'open311.prefix': '密钥开头',
  'open311.createdAt': '签发时间',
  'open311.createdBy': '签发人',
  'open311.lastUsed': '最近使用',
  'open311.neverUsed': '未使用',
  'open311.state': '状态',
  'open311.active': '有效',
  'open311.revoked': '已吊销',
  'open311.revoke': '吊销',
  'open311.revokeConfirm': '吊销后使用该密钥的系统将立即无法提交诉求，且不能恢复。确定吊销“{name}”？',
  'open311.revokedDone': '已吊销',
  'open311.issuedTitle': '密钥已签发',
  'open311.issuedOnce':
    '请立即复制并交给使用方。密钥只显示这一次，平台不保存密钥原文，遗失后只能吊销并重新签发。',
  'open311.copy': '复制',
  'open311.copied': '已复制',
  'open311.done': '我已保存',
  'open311.empty': '尚未签发密钥',
} as const;

export const open311En: Record<keyof typeof open311Zh, string> = {
  'nav.open311': 'Open311 API',
  'open311.title': 'Open311 API keys',
  'open311.intro':
    'Systems such as the 12345 hotline or a city service app can submit requests to this jurisdiction and read their status through the Open311 GeoReport v2 API. Submitting needs a key issued here; reading returns the status and public text only, never the person.',
  'open311.endpoint': 'Endpoint: {url}',
  'open311.issue': 'Issue a key',
  'open311.name': 'Client',
  'open311.namePlaceholder': 'e.g. City 12345 hotline',
  'open311.nameRequired': 'Please name the client',
  'open311.region': 'Jurisdiction',
  'open311.regionHint': 'The key can only submit requests within {region}',
  'open311.prefix': 'Key starts with',
  'open311.createdAt': 'Issued',
  'open311.createdBy': 'Issued by',
  'open311.lastUsed': 'Last used',
  'open311.neverUsed': 'Never',
  'open311.state': 'State',
  'open311.active': 'Active',
  'open311.revoked': 'Revoked',
  'open311.revoke': 'Revoke',
  'open311.revokeConfirm':
    'Systems using this key will at once be unable to submit, and this cannot be undone. Revoke “{name}”?',
  'open311.revokedDone': 'Revoked',
  'open311.issuedTitle': 'Key issued',
  'open311.issuedOnce':
    'Copy it now and hand it to the client. It is shown only this once; the platform keeps no copy, so a lost key is revoked and a new one issued.',
  'open311.copy': 'Copy',
  'open311.copied': 'Copied',
  'open311.done': 'I have saved it',
  'open311.empty': 'No keys issued yet',
};
