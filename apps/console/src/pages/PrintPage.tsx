/**
 * `/cases/:id/print/referral` (交办单) and `/cases/:id/print/reply` (回复函): print-ready sheets in
 * the official-letter layout on A4 — a red title, the document number, addressee, body, the
 * issuing unit and date over a seal placeholder. Outside the console frame, so the page is
 * exactly what the printer gets; the toolbar is hidden by @media print.
 */
import { PrinterOutlined } from '@ant-design/icons';
import { REPLY_ACTIONS } from '@lianluo/domain/cases';
import { Alert, Button, Flex, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, type CaseDetail, type CaseEvent, errorMessage, isAbort } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { ZONE } from '../time.ts';

const CSS = `
.ll-print-root { background: #e9e9e9; min-height: 100vh; padding: 24px 0; }
.ll-sheet {
  width: 210mm; min-height: 297mm; margin: 0 auto; background: #fff; box-sizing: border-box;
  padding: 30mm 26mm 28mm; color: #000; box-shadow: 0 2px 12px rgba(0,0,0,.15);
  font-family: "FangSong", "仿宋", "STFangsong", "Songti SC", "SimSun", serif; font-size: 16pt; line-height: 1.75;
}
.ll-sheet h1 {
  font-family: "SimHei", "黑体", "Heiti SC", "Source Han Sans SC", sans-serif;
  color: #c00; text-align: center; font-size: 24pt; letter-spacing: 2pt; margin: 0 0 6mm; font-weight: bold;
}
.ll-sheet .ll-docno { text-align: center; font-size: 14pt; margin-bottom: 2mm; }
.ll-sheet .ll-rule { border: 0; border-top: 2px solid #c00; margin: 2mm 0 8mm; }
.ll-sheet table { width: 100%; border-collapse: collapse; font-size: 13pt; line-height: 1.6; }
.ll-sheet th, .ll-sheet td { border: 1px solid #000; padding: 2.5mm 3mm; vertical-align: top; text-align: left; }
.ll-sheet th { width: 30mm; white-space: nowrap; font-weight: normal; font-family: "SimHei", "黑体", sans-serif; }
.ll-sheet .ll-body { white-space: pre-wrap; }
.ll-sheet p { margin: 0; text-indent: 2em; }
.ll-sheet .ll-salute { text-indent: 0; margin-bottom: 2mm; }
.ll-sheet .ll-sign { margin-top: 18mm; text-align: right; padding-right: 8mm; }
.ll-sheet .ll-seal { color: #c00; margin-right: 10mm; }
.ll-sheet .ll-note { margin-top: 10mm; font-size: 11pt; border-top: 1px solid #000; padding-top: 2mm; text-indent: 0; }
.ll-toolbar { width: 210mm; margin: 0 auto 12px; }
@media print {
  @page { size: A4; margin: 0; }
  html, body { background: #fff !important; }
  .ll-toolbar { display: none !important; }
  .ll-print-root { padding: 0; background: #fff; }
  .ll-sheet { box-shadow: none; margin: 0; width: auto; min-height: auto; }
}
`;

/** `2026年11月25日` (Beijing day). */
function zhDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = dayjs(iso).tz(ZONE);
  if (!d.isValid()) return iso;
  return lang === 'zh-CN' ? d.format('YYYY年M月D日') : d.format('D MMMM YYYY');
}

const lastOf = (events: CaseEvent[], actions: readonly string[]) =>
  [...events].sort((a, b) => b.seq - a.seq).find((e) => actions.includes(e.action));

export default function PrintPage() {
  const { id = '', kind = 'referral' } = useParams();
  const { t, lang, label } = useI18n();
  const { me } = useAuth();
  const [c, setC] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    api.case(id, ctrl.signal).then(setC, (err) => {
      if (!isAbort(err)) setError(errorMessage(err));
    });
    return () => ctrl.abort();
  }, [id]);

  useEffect(() => {
    if (c) document.title = `${t(kind === 'reply' ? 'print.reply' : 'print.referral')} ${c.number}`;
  }, [c, kind, t]);

  if (error) return <Alert type="error" showIcon title={error} style={{ margin: 24 }} />;
  if (!c) return <Skeleton active style={{ padding: 24 }} />;

  const refer = lastOf(c.events, ['refer']);
  const replyEvent = lastOf(c.events, REPLY_ACTIONS);
  const lead = c.departments?.find((d) => d.role === 'lead')?.name ?? c.departmentName ?? '';
  const co = (c.departments ?? []).filter((d) => d.role !== 'lead').map((d) => d.name);
  const office =
    me?.role === 'county_office'
      ? t('print.countyOffice', { region: me.regionName })
      : me?.role === 'town_office'
        ? t('print.townOffice', { region: me.regionName })
        : (refer?.actorName ?? '');
  const year = dayjs(c.registeredAt).tz(ZONE).format('YYYY');
  const person = c.anonymous ? t('register.anonymous') : c.personName || t('common.none');

  return (
    <div className="ll-print-root">
      <style>{CSS}</style>
      <Flex className="ll-toolbar" justify="space-between">
        <Button onClick={() => window.close()}>{t('print.close')}</Button>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="print-now"
        >
          {t('print.print')}
        </Button>
      </Flex>
      {kind === 'reply' ? (
        <div className="ll-sheet" data-testid="print-sheet-reply">
          <h1>{t('print.replyTitle')}</h1>
          <div className="ll-docno">{t('print.replyNo', { year, number: c.number })}</div>
          <hr className="ll-rule" />
          <p className="ll-salute">{t('print.replyTo', { station: c.stationName ?? '' })}</p>
          <p>
            {t('print.replyIntro', {
              date: zhDate(c.registeredAt, lang),
              station: c.stationName ?? '',
              title: c.title,
            })}
          </p>
          <p className="ll-body">{c.reply?.content ?? replyEvent?.note ?? ''}</p>
          {c.reply?.measures && <p className="ll-body">{t('print.measures', { text: c.reply.measures })}</p>}
          {c.reply?.committedDate && (
            <p>{t('print.committed', { date: zhDate(`${c.reply.committedDate}T12:00:00+08:00`, lang) })}</p>
          )}
          {c.reply?.reasons && <p className="ll-body">{t('print.reasons', { text: c.reply.reasons })}</p>}
          {c.reply?.policyBasis && (
            <p className="ll-body">{t('print.policy', { text: c.reply.policyBasis })}</p>
          )}
          {c.reply?.kind && (
            <p>{t('print.replyKind', { kind: t(`replyKind.${c.reply.kind}` as MessageKey) })}</p>
          )}
          <p>{t('print.replyClosing')}</p>
          <div className="ll-sign">
            <div>{c.reply?.departmentName ?? lead}</div>
            <div className="ll-seal">{t('print.seal')}</div>
            <div>{zhDate(c.reply?.at ?? replyEvent?.at, lang)}</div>
          </div>
          <p className="ll-note">{t('print.contact', { person: replyEvent?.actorName ?? '' })}</p>
        </div>
      ) : (
        <div className="ll-sheet" data-testid="print-sheet-referral">
          <h1>{t('print.referralTitle')}</h1>
          <div className="ll-docno">{t('print.referralNo', { year, number: c.number })}</div>
          <hr className="ll-rule" />
          <table>
            <tbody>
              <tr>
                <th>{t('print.leadDept')}</th>
                <td colSpan={3}>{lead}</td>
              </tr>
              <tr>
                <th>{t('print.coDept')}</th>
                <td colSpan={3}>{co.join('、') || t('common.none')}</td>
              </tr>
              <tr>
                <th>{t('cases.station')}</th>
                <td>{c.stationName ?? ''}</td>
                <th>{t('cases.channel')}</th>
                <td>{label('channel', c.channel, c.channelLabel)}</td>
              </tr>
              <tr>
                <th>{t('cases.person')}</th>
                <td>{person}</td>
                <th>{t('cases.phone')}</th>
                <td>{c.anonymous ? '' : (c.personPhone ?? '')}</td>
              </tr>
              <tr>
                <th>{t('cases.registeredAt')}</th>
                <td>{zhDate(c.registeredAt, lang)}</td>
                <th>{t('cases.category')}</th>
                <td>{c.categoryName ?? c.category ?? ''}</td>
              </tr>
              <tr>
                <th>{t('cases.title')}</th>
                <td colSpan={3}>{c.title}</td>
              </tr>
              <tr>
                <th>{t('cases.content')}</th>
                <td colSpan={3} className="ll-body" style={{ minHeight: '50mm', height: '60mm' }}>
                  {c.content}
                </td>
              </tr>
              <tr>
                <th>{t('print.requirement')}</th>
                <td colSpan={3}>
                  {refer?.note ? `${refer.note}\n` : ''}
                  {t('print.deadlines', {
                    accept: zhDate(c.acceptDueAt, lang) || t('common.none'),
                    reply: zhDate(c.replyDueAt, lang) || t('common.none'),
                  })}
                </td>
              </tr>
            </tbody>
          </table>
          <div className="ll-sign">
            <div>{office}</div>
            <div className="ll-seal">{t('print.seal')}</div>
            <div>{zhDate(refer?.at, lang)}</div>
          </div>
          <p className="ll-note">{t('print.referralNote')}</p>
        </div>
      )}
    </div>
  );
}
