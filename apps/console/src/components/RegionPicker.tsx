import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, isAbort, type Region } from '../api/index.ts';
import { useI18n } from '../i18n.ts';
import { useRegion } from '../region.ts';

const ALL = 'all';

/**
 * For a county-level user: narrow every view to one town, or "全县". The choice is the URL's
 * `region` parameter, so it survives reloads and travels with links.
 */
export function RegionPicker({ county }: { county: string }) {
  const { t } = useI18n();
  const region = useRegion();
  const [, setParams] = useSearchParams();
  const [towns, setTowns] = useState<Region[]>([]);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    api.regions(county, ctrl.signal).then(
      (res) => {
        setTowns(res.items);
        setFailed(false);
        setLoading(false);
      },
      (err) => {
        if (isAbort(err)) return;
        setFailed(true);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [county]);

  const options = [
    { value: ALL, label: t('region.all') },
    ...towns.map((r) => ({ value: r.code, label: r.name })),
  ];
  // A region from a shared link that is not in the list still shows as its code.
  if (region && !towns.some((r) => r.code === region) && !loading)
    options.push({ value: region, label: region });

  return (
    <Select
      data-testid="region-picker"
      aria-label={t('region.label')}
      style={{ minWidth: 150 }}
      value={region ?? ALL}
      loading={loading}
      status={failed ? 'warning' : undefined}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      onChange={(value: string) => {
        setParams((prev) => {
          const next = new URLSearchParams(prev);
          if (value === ALL) next.delete('region');
          else next.set('region', value);
          return next;
        });
      }}
    />
  );
}
