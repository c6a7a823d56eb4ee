import { Alert, Flex } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { type CalendarStatus, calendarApi } from '../api/calendar.ts';
import { isAbort } from '../api/index.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';

/**
 * The banner shown while this year's or (from 1 November) next year's holiday notice is not
 * loaded. Administrators, who can load it, get a link to the page; the offices, whose referrals
 * are refused while it is missing, are told why. Others are not bothered with it.
 */
export function CalendarWarning({
  refresh = 0,
  onStatus,
}: {
  refresh?: number;
  onStatus?: (s: CalendarStatus) => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [status, setStatus] = useState<CalendarStatus | null>(null);
  const concerned = can('calendar.manage') || can('cases.refer');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` re-reads after a write
  useEffect(() => {
    if (!concerned || !can('dashboard.read')) return;
    const ctrl = new AbortController();
    calendarApi.status(ctrl.signal).then(
      (s) => {
        setStatus(s);
        onStatus?.(s);
      },
      // A missing banner must not break the page it sits on; the page itself reports its errors.
      (err) => {
        if (!isAbort(err)) setStatus(null);
      },
    );
    return () => ctrl.abort();
  }, [concerned, refresh]);

  if (!concerned || !status?.warnings.length) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      {status.warnings.map((w) => (
        <Alert
          key={w.year}
          type={w.reason === 'current_year' ? 'error' : 'warning'}
          showIcon
          data-testid="calendar-warning"
          data-year={w.year}
          title={t(w.reason === 'current_year' ? 'calendar.warningCurrent' : 'calendar.warningNext', {
            year: w.year,
          })}
          action={
            can('calendar.manage') ? (
              <Link to={`/calendar?year=${w.year}`} data-testid="calendar-warning-link">
                {t('calendar.warningLink')}
              </Link>
            ) : undefined
          }
        />
      ))}
    </Flex>
  );
}
