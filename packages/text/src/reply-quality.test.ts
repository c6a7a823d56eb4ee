import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessReply, replySubstance } from './reply-quality.ts';
import { GOV_DATA_SKIP, loadGov } from './testing/gov-data.ts';

const CASE =
  'A3区潇楚南路洋湖段道路修了一年还没修好\n潇楚南路从2018年开始修，路挖得稀烂，交通和店面生意受很大影响，请有关部门监管。';
const GOOD =
  '网友您好！您的留言已收悉，现回复如下：潇楚南路洋湖段道路工程因管线迁改进度滞后，我局已责令施工单位增加人员和设备，' +
  '加快土方及排水施工，预计今年8月底完工通车，施工期间将加强围挡管理，减少对交通和店面生意的影响。感谢您对我们工作的支持！2019年5月10日';
const codes = (r: ReturnType<typeof assessReply>) => r.flags.map((f) => f.code).sort();

test('a specific, relevant reply with measures and a date has no flags', () => {
  const r = assessReply(CASE, { kind: 'will_resolve', text: GOOD });
  assert.deepEqual(codes(r), []);
  assert.ok(r.relevance > 0.1);
  assert.equal(r.daysTaken, undefined);
});

test('substance drops greeting, acknowledgement, thanks and the closing date', () => {
  const s = replySubstance(GOOD);
  assert.ok(s.startsWith('潇楚南路洋湖段'));
  assert.ok(!s.includes('感谢') && !s.includes('2019年5月10日'));
  assert.equal(replySubstance('网友：您好！留言已收悉'), '');
});

test('flags an answer about something else', () => {
  const other =
    '经核实，您反映的幼儿园收费问题，区教育局已约谈该幼儿园负责人，责令其按照物价部门核定的标准收费，多收的费用已于6月1日前全部退还家长。';
  const r = assessReply(CASE, { kind: 'resolved', text: other });
  assert.deepEqual(codes(r), ['LOW_RELEVANCE']);
  assert.ok(r.flags[0].message.includes('关联度低'));
});

test('flags missing measures, missing dates and missing policy basis by kind', () => {
  const vague =
    '您反映的潇楚南路洋湖段道路施工问题我们高度重视，会认真研究，道路建设需要一个过程，请您耐心等待，理解政府工作。';
  assert.ok(codes(assessReply(CASE, { kind: 'resolved', text: vague })).includes('NO_MEASURES'));
  // Words of intent are no measure, however they are strung together.
  const intent =
    '来信收悉。我单位对潇楚南路洋湖段道路施工问题高度重视，将认真研究，妥善处理，积极协调相关单位尽快解决。';
  assert.ok(codes(assessReply(CASE, { kind: 'will_resolve', text: intent })).includes('NO_MEASURES'));
  // A concrete action beside them still counts.
  const acted = `${intent}目前已安排施工单位夜间停工并洒水降尘。`;
  assert.ok(!codes(assessReply(CASE, { kind: 'will_resolve', text: acted })).includes('NO_MEASURES'));
  const promise = '潇楚南路洋湖段道路工程我局已督促施工单位加快施工，将尽快完成道路修复，恢复交通。';
  assert.deepEqual(codes(assessReply(CASE, { kind: 'will_resolve', text: promise })), ['NO_DATE']);
  assert.deepEqual(
    codes(assessReply(CASE, { kind: 'will_resolve', text: promise, committedDate: '2019-08-31' })),
    [],
  );
  const refusal =
    '潇楚南路洋湖段道路改造不在今年的建设计划内，暂无法安排施工，道路维修资金也已用完，请您理解。';
  assert.ok(codes(assessReply(CASE, { kind: 'cannot_resolve', text: refusal })).includes('NO_POLICY_BASIS'));
  const cited = `${refusal.slice(0, -5)}根据《A市城市道路管理办法》第十二条，道路改造须列入年度计划。`;
  assert.ok(!codes(assessReply(CASE, { kind: 'cannot_resolve', text: cited })).includes('NO_POLICY_BASIS'));
  const explained =
    '潇楚南路洋湖段道路属于新建城市次干道，设计标准较高，需要整体换填路基，所以施工周期较长，并非停工。';
  assert.ok(codes(assessReply(CASE, { kind: 'explained', text: explained })).includes('NO_POLICY_BASIS'));
});

test('flags boilerplate: empty substance or a reply pasted for other cases', () => {
  assert.deepEqual(codes(assessReply(CASE, { text: '网友您好！您的留言已收悉。感谢您对我们工作的支持！' })), [
    'BOILERPLATE',
  ]);
  const pasted =
    '您好，对于您的意见和建议，市城乡规划局将在下一步规划编制工作中充分论证研究，统筹考虑道路建设时序，感谢您的关注。';
  const others = [`网友“U1”您好！${pasted}`, '完全不同的另一条答复，讲的是学校招生的政策依据和具体安排。'];
  const r = assessReply(CASE, { text: pasted }, { otherReplies: others });
  assert.ok(r.flags.some((f) => f.code === 'BOILERPLATE' && f.message.includes('模板')));
});

test('measures the time taken and flags slow replies', () => {
  const at = new Date('2019-04-24T16:03:40+08:00');
  const r = assessReply(
    CASE,
    { kind: 'will_resolve', text: GOOD },
    { registeredAt: at, repliedAt: new Date('2019-05-20T10:00:00+08:00') },
  );
  assert.equal(r.daysTaken, 25.7);
  assert.ok(codes(r).includes('SLOW'));
  const quick = assessReply(
    CASE,
    { kind: 'will_resolve', text: GOOD },
    { registeredAt: at, repliedAt: new Date('2019-04-30') },
  );
  assert.ok(!codes(quick).includes('SLOW'));
  const custom = assessReply(
    CASE,
    { kind: 'will_resolve', text: GOOD },
    { registeredAt: at, repliedAt: new Date('2019-04-30'), slowDays: 3 },
  );
  assert.ok(codes(custom).includes('SLOW'));
  // Reply before registration (bad clock): no days.
  assert.equal(
    assessReply(CASE, { text: GOOD }, { registeredAt: at, repliedAt: new Date('2019-01-01') }).daysTaken,
    undefined,
  );
});

test('bad input: empty, emoji, punctuation, HTML, 20,000 characters', () => {
  for (const text of ['', '😀😀', '。。。！', undefined as unknown as string]) {
    const r = assessReply(CASE, { text });
    assert.ok(codes(r).includes('BOILERPLATE'));
    assert.equal(r.relevance, 0);
  }
  assert.deepEqual(codes(assessReply('', { kind: 'will_resolve', text: GOOD })), []);
  assert.deepEqual(codes(assessReply(CASE, { kind: 'will_resolve', text: `<p>${GOOD}</p>` })), []);
  const t0 = performance.now();
  const long = assessReply(CASE.repeat(200), { kind: 'will_resolve', text: GOOD.repeat(100) });
  assert.ok(performance.now() - t0 < 1000);
  assert.ok(long.relevance > 0);
  for (const f of long.flags) assert.match(f.message, /[\u4e00-\u9fff]/);
});

test('rates on the public replies stay in the ranges the thresholds were set for', {
  skip: GOV_DATA_SKIP,
}, () => {
  const rows = loadGov('replies-attachment4');
  const count = new Map<string, number>();
  for (const r of rows) {
    const a = assessReply(`${r.title}\n${r.body}`, { text: r.reply ?? '' });
    for (const f of a.flags) count.set(f.code, (count.get(f.code) ?? 0) + 1);
  }
  const rate = (c: string) => (count.get(c) ?? 0) / rows.length;
  assert.ok(rate('LOW_RELEVANCE') < 0.05, `LOW_RELEVANCE ${rate('LOW_RELEVANCE')}`);
  assert.ok(rate('BOILERPLATE') < 0.12, `BOILERPLATE ${rate('BOILERPLATE')}`);
  assert.ok(rate('NO_POLICY_BASIS') < 0.15);
});
