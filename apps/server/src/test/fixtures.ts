import type { Role } from '@lianluo/domain';
import { sql } from 'drizzle-orm';
import type { Deps } from '../core/context.ts';
import {
  attachments,
  categories,
  departments,
  deputies,
  deputyStations,
  regions,
  stations,
  users,
} from '../db/schema/index.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { createCommonIssue } from '../modules/cases/facts.ts';
import { registerCase } from '../modules/cases/registration.ts';
import { transitionCase } from '../modules/cases/transitions/index.ts';

export const PASSWORD = 'Fixture#Pass2026';

/** Two counties: A (towns A1, A2) and B (town B1), each town with one station, deputy and case. */
export const CODES = {
  A: '439901000000',
  A1: '439901001000',
  A1v: '439901001001',
  A2: '439901002000',
  B: '439902000000',
  B1: '439902001000',
} as const;

export interface World {
  stations: Record<'A1' | 'A2' | 'B1', string>;
  deputies: Record<'A1' | 'A2' | 'B1', string>;
  cases: Record<'A1' | 'A2' | 'B1', string>;
  departments: Record<'A' | 'B', string>;
  commonIssueA1: string;
  attachmentA1: string;
}

/** Users per role and scope: `${role}@${scope}` → username. */
export const USERS: { username: string; role: Role; region: keyof typeof CODES }[] = [
  { username: 'admin', role: 'admin', region: 'A' },
  { username: 'county_a', role: 'county_office', region: 'A' },
  { username: 'county_b', role: 'county_office', region: 'B' },
  { username: 'town_a1', role: 'town_office', region: 'A1' },
  { username: 'town_a2', role: 'town_office', region: 'A2' },
  { username: 'station_a1', role: 'station_officer', region: 'A1' },
  { username: 'deputy_a1', role: 'deputy', region: 'A1' },
  { username: 'dept_a', role: 'department_handler', region: 'A' },
];

export async function buildWorld(deps: Omit<Deps, 'log'>): Promise<World> {
  const db = deps.db;
  const at = deps.now();
  await db.insert(regions).values([
    { code: '430000000000', name: '湖南省', level: 'province', parentCode: null },
    { code: '439900000000', name: '云州市', level: 'city', parentCode: '430000000000' },
    { code: CODES.A, name: '甲县', level: 'county', parentCode: '439900000000' },
    { code: CODES.A1, name: '甲一镇', level: 'town', parentCode: CODES.A },
    { code: CODES.A1v, name: '石桥村', level: 'village', parentCode: CODES.A1 },
    { code: CODES.A2, name: '甲二镇', level: 'town', parentCode: CODES.A },
    { code: CODES.B, name: '乙县', level: 'county', parentCode: '439900000000' },
    { code: CODES.B1, name: '乙一镇', level: 'town', parentCode: CODES.B },
  ]);
  await db.insert(categories).values([{ key: 'environment', name: '环境保护' }]);
  const [deptA, deptB] = await db
    .insert(departments)
    .values([
      {
        regionCode: CODES.A,
        name: '甲县生态环境局',
        shortName: '生态环境',
        kind: 'government',
        level: 'county',
      },
      {
        regionCode: CODES.B,
        name: '乙县生态环境局',
        shortName: '生态环境',
        kind: 'government',
        level: 'county',
      },
    ])
    .returning({ id: departments.id });
  const st = await db
    .insert(stations)
    .values(
      (['A1', 'A2', 'B1'] as const).map((k) => ({
        regionCode: CODES[k],
        kind: 'town',
        name: `${k}人大代表联络站`,
      })),
    )
    .returning({ id: stations.id });
  const dp = await db
    .insert(deputies)
    .values(
      (['A1', 'A2', 'B1'] as const).map((k) => ({
        regionCode: CODES[k],
        name: `代表${k}`,
        gender: 'male',
        level: 'town',
      })),
    )
    .returning({ id: deputies.id });
  await db.insert(deputyStations).values(
    [0, 1, 2].map((i) => ({
      deputyId: dp[i]!.id,
      stationId: st[i]!.id,
      regionCode: [CODES.A1, CODES.A2, CODES.B1][i]!,
    })),
  );
  const hash = await hashPassword(PASSWORD);
  await db.insert(users).values(
    USERS.map((u) => ({
      username: u.username,
      displayName: u.username,
      passwordHash: hash,
      role: u.role,
      regionCode: CODES[u.region],
      stationId: u.role === 'station_officer' ? st[0]!.id : null,
      deputyId: u.role === 'deputy' ? dp[0]!.id : null,
      departmentId: u.role === 'department_handler' ? deptA!.id : null,
    })),
  );
  const actor = { id: null, name: '测试' };
  const cases: string[] = [];
  for (const [i, k] of (['A1', 'A2', 'B1'] as const).entries()) {
    const c = await registerCase(
      deps,
      db,
      {
        regionCode: CODES[k],
        stationId: st[i]!.id,
        channel: 'reception',
        title: `${k}村民反映沟渠堵塞`,
        content: `${k}村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫到田里。`,
        personName: '张三丰',
        personPhone: '13800138000',
        consentPublish: true,
      },
      actor,
      at,
    );
    cases.push(c.id);
  }
  // The A1 case is referred to county A's department, so its handler can see it.
  await transitionCase(deps, db, cases[0]!, 'triage', { categoryKey: 'environment' }, actor, at);
  await transitionCase(deps, db, cases[0]!, 'refer', { leadDepartmentId: deptA!.id }, actor, at);
  const issue = await createCommonIssue(db, { regionCode: CODES.A1, title: '沟渠堵塞' }, actor, at);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const stored = await deps.storage.put(png);
  const [att] = await db
    .insert(attachments)
    .values({
      caseId: cases[0]!,
      regionCode: CODES.A1,
      fileName: 'ditch.png',
      mime: 'image/png',
      size: png.length,
      sha256: stored.sha256,
      storageKey: stored.key,
      createdAt: at,
    })
    .returning({ id: attachments.id });
  return {
    commonIssueA1: issue.id,
    attachmentA1: att!.id,
    stations: { A1: st[0]!.id, A2: st[1]!.id, B1: st[2]!.id },
    deputies: { A1: dp[0]!.id, A2: dp[1]!.id, B1: dp[2]!.id },
    cases: { A1: cases[0]!, A2: cases[1]!, B1: cases[2]! },
    departments: { A: deptA!.id, B: deptB!.id },
  };
}

/** Short messages of three kinds, written the way a liaison officer records them. */
const TRAINING: Record<string, string[]> = {
  environment: [
    '村民反映污水处理厂尾水排进沟渠，沟渠堵塞后污水漫到田里，气味很大',
    '养猪场粪污直排小河，河水发黑发臭，希望环保部门查处',
    '砖厂烟尘污染严重，附近居民晾晒衣物全是灰',
    '河道里漂满垃圾和死鱼，疑似上游工厂偷排废水',
    '夜间有企业排放刺鼻废气，群众担心身体健康',
    '垃圾填埋场渗滤液外流，污染了周边水塘',
  ],
  transport: [
    '村道路面破损严重，坑洼积水，电动车经常摔倒',
    '学校门口没有红绿灯和斑马线，学生过马路很危险',
    '乡村公交班次太少，老人进城看病不方便',
    '国道弯道处缺少护栏和警示标志，多次发生交通事故',
    '桥梁桥面开裂，重型货车仍在通行，存在安全隐患',
    '客运站搬迁后没有公交线路接驳，群众出行困难',
  ],
  health: [
    '乡镇卫生院缺少儿科医生，孩子看病要跑到县城',
    '村卫生室药品种类少，慢性病患者配药困难',
    '县医院挂号难，排队时间长，希望增加窗口',
    '新农合报销比例低，大病患者负担重',
    '家庭医生签约后没有上门服务，老人希望落实',
    '卫生院的救护车老旧，急救响应慢',
  ],
};

/**
 * Triaged cases for the classifier to learn from: every TRAINING text in towns A1 and A2, with
 * the two extra categories it needs (the world has one).
 */
export async function seedTriagedCases(deps: Omit<Deps, 'log'>, at: Date): Promise<void> {
  await deps.db.execute(
    sql`insert into categories (key, name) values ('transport','交通运输'), ('health','卫生计生')`,
  );
  const actor = { id: null, name: '测试' };
  for (const [label, texts] of Object.entries(TRAINING)) {
    for (const [i, text] of texts.entries()) {
      for (const region of [CODES.A1, CODES.A2]) {
        const c = await registerCase(
          deps,
          deps.db,
          {
            regionCode: region,
            channel: 'phone',
            title: text.slice(0, 12),
            content: `${text}（第${i + 1}条）`,
          },
          actor,
          at,
        );
        await transitionCase(deps, deps.db, c.id, 'triage', { categoryKey: label }, actor, at);
      }
    }
  }
}
