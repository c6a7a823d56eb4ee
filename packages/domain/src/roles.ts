/**
 * Staff roles and what each may do (DESIGN.md, "Who uses it"). Deny by default: a permission not
 * listed for a role is refused, and so is any role or permission the table does not know.
 *
 * This table says *what* a role may do; *where* (which region codes) is the user's scope prefix,
 * checked separately (see regions.ts). The public (群众) has no account role here.
 */

/** Staff roles. */
export const ROLES = [
  'admin',
  'county_office',
  'town_office',
  'station_officer',
  'deputy',
  'department_handler',
] as const;

/** A staff role. */
export type Role = (typeof ROLES)[number];

/** Display names of the roles, Chinese first. */
export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  admin: { zh: '平台管理员', en: 'Platform administrator' },
  county_office: { zh: '县人大常委会代表工委/联工委', en: 'County liaison office' },
  town_office: { zh: '乡镇人大主席团/街道人大工委', en: 'Town congress office' },
  station_officer: { zh: '联络站站长/联络员', en: 'Station head / liaison officer' },
  deputy: { zh: '人大代表', en: 'Deputy' },
  department_handler: { zh: '承办单位经办人', en: 'Department handler' },
};

/** Every permission the server checks (route `config: { permission }`). */
export const ALL_PERMISSIONS = [
  /** Any signed-in staff member: their own session (who am I, sign out). */
  'session.own',
  'dashboard.read',
  'regions.read',
  'stations.read',
  'deputies.read',
  'cases.read',
  'cases.create',
  'cases.triage',
  'cases.refer',
  'cases.accept',
  'cases.reply',
  'cases.feedback',
  'cases.close',
  'cases.supervise',
  /** Approve the public text of a case for the public board (公示). */
  'cases.publish',
  /** Read a reporter's full phone, ID number and address, with a reason; every read audited. */
  'cases.reveal',
  'departments.read',
  'rota.read',
  /** Create and edit stations, fill their checklists, record assessments. */
  'stations.manage',
  /** Keep the deputy roster: create, import, group into stations. */
  'deputies.manage',
  /** Define rota rules, publish shifts, swap deputies, confirm presence, mark absence. */
  'rota.manage',
  /** Check in at a station (a deputy scanning the daily QR, an officer confirming presence). */
  'rota.checkin',
  /** Import the division tree and edit checklist templates (county and above). */
  'regions.manage',
  'audit.read',
  'users.manage',
  /** Hotspots and other text analytics over the caller's scope. */
  'analytics.read',
  /** Train the category classifier and see its acceptance rate. */
  'analytics.manage',
  /** Check a reply's quality before it goes to the person. */
  'cases.assess',
  /** Extend the holiday calendar (法定节假日、调休). */
  'calendar.manage',
  /** Read the notification outbox. */
  'notifications.read',
  /** Set a region's workflow settings: deadline limits, the rating wait (county and above). */
  'settings.manage',
  /** Issue and revoke Open311 API keys for 12345 hotlines and city apps (county and above). */
  'open311.manage',
] as const;

/** A permission string. */
export type Permission = (typeof ALL_PERMISSIONS)[number];

/** What every staff member working in the station network may read. */
const NETWORK_READ: readonly Permission[] = [
  'session.own',
  'dashboard.read',
  'regions.read',
  'stations.read',
  'deputies.read',
  'cases.read',
  'departments.read',
  'rota.read',
];

/**
 * The liaison offices run the case flow but never act as the handling unit: accepting and
 * replying belong to the department, so that an office cannot answer its own referral.
 */
const OFFICE: readonly Permission[] = [
  ...NETWORK_READ,
  'cases.create',
  'cases.triage',
  'cases.refer',
  'cases.feedback',
  'cases.close',
  'cases.supervise',
  'cases.assess',
  'analytics.read',
  'stations.manage',
  'deputies.manage',
  'rota.manage',
  'rota.checkin',
  'cases.publish',
  'cases.reveal',
];

/** Role → permissions. Anything absent is denied. */
export const PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Accounts and the audit trail, and reading for support; no case work, so an administrator
  // cannot quietly alter a case.
  admin: [
    ...NETWORK_READ,
    'audit.read',
    'users.manage',
    'analytics.read',
    'analytics.manage',
    'calendar.manage',
    'notifications.read',
    'open311.manage',
    'settings.manage',
  ],
  county_office: [...OFFICE, 'regions.manage', 'open311.manage'],
  town_office: OFFICE,
  // Registers visits and tells the person the answer.
  station_officer: [...NETWORK_READ, 'cases.create', 'cases.feedback', 'cases.reveal', 'rota.checkin'],
  // Receives constituents and records what they raise.
  deputy: [...NETWORK_READ, 'cases.create', 'rota.checkin'],
  // Sees only the case flow of its department: no station, deputy or rota lists.
  department_handler: [
    'session.own',
    'dashboard.read',
    'cases.read',
    'cases.accept',
    'cases.reply',
    'cases.assess',
    'departments.read',
  ],
};

const GRANTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  ROLES.map((r) => [r, new Set<string>(PERMISSIONS[r])]),
);

/** True when `s` is a known role (for values read from a token or the database). */
export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && GRANTS.has(s);
}

/** True when `s` is a known permission. */
export function isPermission(s: unknown): s is Permission {
  return typeof s === 'string' && (ALL_PERMISSIONS as readonly string[]).includes(s);
}

/**
 * True when `role` has `permission`. Deny by default: an unknown role or permission (a stale
 * token, a typo, `__proto__`) is refused rather than thrown, since it reaches here from outside.
 */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS.get(role)?.has(permission) ?? false;
}

/** The permissions of a role, for sending abilities to the console. */
export function permissionsOf(role: Role): readonly Permission[] {
  return isRole(role) ? PERMISSIONS[role] : [];
}
