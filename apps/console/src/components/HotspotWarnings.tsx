/**
 * Hotspot warnings on the supervision page (热点预警): topics whose volume in the viewer's region
 * over the last 30 days rose beyond their usual level (the hotspot rule: at least five cases and
 * above the history mean plus two standard deviations), each linking to the hotspot page.
 */
import { FireOutlined } from '@ant-design/icons';
import { Alert, Flex, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { isAbort } from '../api/index.ts';
import { type Hotspots, insightApi } from '../api/insight.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { useRegionLink } from '../region.ts';
import { formatDateTime, shanghaiToday } from '../time.ts';

export function HotspotWarnings({ region }: { region: string | null }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const link = useRegionLink();
  const allowed = can('analytics.read');
  const [data, setData] = useState<Hotspots | null>(null);
  const to = shanghaiToday();
  const from = dayjs(to).subtract(29, 'day').format('YYYY-MM-DD');

  useEffect(() => {
    if (!allowed) return;
    const ctrl = new AbortController();
    // Warnings are advice: if they cannot be loaded the supervision list still stands on its own.
    insightApi.hotspots({ region, from, to }, ctrl.signal).then(setData, (err) => {
      if (!isAbort(err)) setData(null);
    });
    return () => ctrl.abort();
  }, [allowed, region, from, to]);

  const warnings = data?.items.filter((h) => h.warning) ?? [];
  if (!allowed || warnings.length === 0) return null;
  const hotspotsLink = link('/hotspots', { period: 'custom', from, to });
  return (
    <Alert
      type="warning"
      showIcon
      icon={<FireOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="supervision-hotspots"
      title={
        <Space wrap>
          <Typography.Text strong>{t('supervision.hotspots')}</Typography.Text>
          <Typography.Text type="secondary">{t('supervision.hotspotsHint')}</Typography.Text>
        </Space>
      }
      description={
        <Flex vertical gap={4}>
          {warnings.map((h) => (
            <Space key={h.label} wrap size={8} data-testid="supervision-hotspot">
              <Link to={hotspotsLink} data-testid="supervision-hotspot-link">
                {h.label}
              </Link>
              <Typography.Text>
                {t('supervision.hotspotItem', { count: h.count, mean: h.historyMean.toFixed(1) })}
              </Typography.Text>
              {h.places.slice(0, 3).map((p) => (
                <Tag key={p} color="gold" bordered={false}>
                  {p}
                </Tag>
              ))}
              {h.representative && (
                <Link to={link(`/cases/${encodeURIComponent(h.representative.id)}`)}>
                  {h.representative.title}
                </Link>
              )}
            </Space>
          ))}
          <Space wrap size={16}>
            <Link to={hotspotsLink}>{t('supervision.hotspotsOpen')}</Link>
            {data?.asOf && (
              <Typography.Text type="secondary">
                {t('common.pair', { label: t('hotspots.asOf'), value: formatDateTime(data.asOf) })}
              </Typography.Text>
            )}
          </Space>
        </Flex>
      }
    />
  );
}
