import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALL_PERMISSIONS,
  can,
  isPermission,
  isRole,
  PERMISSIONS,
  type Permission,
  permissionsOf,
  ROLE_LABELS,
  ROLES,
  type Role,
} from './roles.ts';

/** The whole matrix, written out: one row per permission, one column per role. */
const MATRIX: Record<
  Permission,
  [admin: 0 | 1, county: 0 | 1, town: 0 | 1, station: 0 | 1, deputy: 0 | 1, dept: 0 | 1]
> = {
  'session.own': [1, 1, 1, 1, 1, 1],
  'dashboard.read': [1, 1, 1, 1, 1, 1],
  'regions.read': [1, 1, 1, 1, 1, 0],
  'stations.read': [1, 1, 1, 1, 1, 0],
  'deputies.read': [1, 1, 1, 1, 1, 0],
  'cases.read': [1, 1, 1, 1, 1, 1],
  'cases.create': [0, 1, 1, 1, 1, 0],
  'cases.triage': [0, 1, 1, 0, 0, 0],
  'cases.refer': [0, 1, 1, 0, 0, 0],
  'cases.accept': [0, 0, 0, 0, 0, 1],
  'cases.reply': [0, 0, 0, 0, 0, 1],
  'cases.feedback': [0, 1, 1, 1, 0, 0],
  'cases.close': [0, 1, 1, 0, 0, 0],
  'cases.supervise': [0, 1, 1, 0, 0, 0],
  'cases.publish': [0, 1, 1, 0, 0, 0],
  'cases.reveal': [0, 1, 1, 1, 0, 0],
  'departments.read': [1, 1, 1, 1, 1, 1],
  'rota.read': [1, 1, 1, 1, 1, 0],
  'stations.manage': [0, 1, 1, 0, 0, 0],
  'deputies.manage': [0, 1, 1, 0, 0, 0],
  'rota.manage': [0, 1, 1, 0, 0, 0],
  'rota.checkin': [0, 1, 1, 1, 1, 0],
  'regions.manage': [0, 1, 0, 0, 0, 0],
  'audit.read': [1, 0, 0, 0, 0, 0],
  'analytics.read': [1, 1, 1, 0, 0, 0],
  'analytics.manage': [1, 0, 0, 0, 0, 0],
  'cases.assess': [0, 1, 1, 0, 0, 1],
  'users.manage': [1, 0, 0, 0, 0, 0],
  'calendar.manage': [1, 0, 0, 0, 0, 0],
  'notifications.read': [1, 0, 0, 0, 0, 0],
  'open311.manage': [1, 1, 0, 0, 0, 0],
  'settings.manage': [1, 0, 0, 0, 0, 0],
};

test('the permission matrix', () => {
  assert.deepEqual(Object.keys(MATRIX).sort(), [...ALL_PERMISSIONS].sort());
  for (const p of ALL_PERMISSIONS) {
    ROLES.forEach((role, i) => {
      assert.equal(can(role, p), MATRIX[p][i] === 1, `${role} ${p}`);
    });
  }
});

test('deny by default for unknown roles and permissions', () => {
  assert.equal(can('nobody' as Role, 'cases.read'), false);
  assert.equal(can('admin', 'cases.delete' as Permission), false);
  assert.equal(can('__proto__' as Role, 'cases.read'), false);
  assert.equal(can('admin', 'constructor' as Permission), false);
  assert.deepEqual(permissionsOf('nobody' as Role), []);
  assert.equal(isRole('deputy'), true);
  assert.equal(isRole('toString'), false);
  assert.equal(isPermission('rota.read'), true);
  assert.equal(isPermission('rota.write'), false);
});

test('no role lists a permission twice or an unknown one', () => {
  for (const r of ROLES) {
    assert.equal(new Set(PERMISSIONS[r]).size, PERMISSIONS[r].length, r);
    for (const p of PERMISSIONS[r]) assert.ok(isPermission(p), p);
  }
});

test('labels', () => {
  assert.equal(ROLE_LABELS.deputy.zh, '人大代表');
  assert.equal(ROLE_LABELS.department_handler.zh, '承办单位经办人');
  assert.deepEqual(Object.keys(ROLE_LABELS), [...ROLES]);
});
