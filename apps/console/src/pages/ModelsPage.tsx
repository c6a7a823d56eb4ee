import { ExperimentOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Table, type TableProps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage, isAbort } from '../api/index.ts';
import { insightApi, type TextModel } from '../api/insight.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { formatDateTime } from '../time.ts';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; items: TextModel[] };
type Trained = { ok: true; version: string; samples: number } | { ok: false; message: string };

const TRIGGERS: Record<string, MessageKey> = {
  startup: 'models.trigger.startup',
  nightly: 'models.trigger.nightly',
  admin: 'models.trigger.admin',
};

/** `/models`: the category classifier's versions and how often its suggestions were taken. */
export default function ModelsPage() {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [training, setTraining] = useState(false);
  const [trained, setTrained] = useState<Trained | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the request
  useEffect(() => {
    const ctrl = new AbortController();
    setLoad((l) => (l.state === 'ok' ? l : { state: 'loading' }));
    insightApi.models(ctrl.signal).then(
      (data) => setLoad({ state: 'ok', items: data.items }),
      (err) => {
        if (!isAbort(err)) setLoad({ state: 'error', message: errorMessage(err) });
      },
    );
    return () => ctrl.abort();
  }, [attempt]);

  const train = async () => {
    setTraining(true);
    setTrained(null);
    try {
      const r = await insightApi.train();
      setTrained({ ok: true, ...r });
      setAttempt((a) => a + 1);
    } catch (err) {
      setTrained({ ok: false, message: errorMessage(err) });
    } finally {
      setTraining(false);
    }
  };

  const columns: TableProps<TextModel>['columns'] = [
    {
      title: t('models.version'),
      dataIndex: 'version',
      render: (v: string, m) => (
        <Flex gap={6} align="center" wrap>
          <Typography.Text code data-testid="model-version">
            {v}
          </Typography.Text>
          {m.active && <Tag color="green">{t('models.active')}</Tag>}
        </Flex>
      ),
    },
    { title: t('models.trainedAt'), dataIndex: 'trainedAt', render: (v: string) => formatDateTime(v) },
    { title: t('models.samples'), dataIndex: 'samples', align: 'right' },
    {
      title: t('models.trigger'),
      dataIndex: 'trigger',
      render: (v: string) => (TRIGGERS[v] ? t(TRIGGERS[v]) : v),
    },
    { title: t('models.suggested'), dataIndex: 'suggested', align: 'right' },
    { title: t('models.decided'), dataIndex: 'decided', align: 'right' },
    { title: t('models.accepted'), dataIndex: 'accepted', align: 'right' },
    {
      title: t('models.acceptanceRate'),
      dataIndex: 'acceptanceRate',
      align: 'right',
      render: (r: number | null) => (r === null ? t('common.none') : `${Math.round(r * 1000) / 10}%`),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('nav.models')}
        extra={
          <Button
            type="primary"
            icon={<ExperimentOutlined />}
            loading={training}
            onClick={train}
            data-testid="models-train"
          >
            {t('models.train')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        {trained && (
          <Alert
            type={trained.ok ? 'success' : 'error'}
            showIcon
            closable
            onClose={() => setTrained(null)}
            data-testid="models-train-result"
            title={
              trained.ok
                ? t('models.trained', { version: trained.version, samples: trained.samples })
                : t('models.trainFailed')
            }
            description={trained.ok ? undefined : trained.message}
          />
        )}
        <Card title={t('models.title')}>
          {load.state === 'error' ? (
            <Alert
              type="error"
              showIcon
              title={t('common.loadFailed')}
              description={load.message}
              data-testid="list-error"
              action={
                <Button icon={<ReloadOutlined />} onClick={() => setAttempt((a) => a + 1)}>
                  {t('common.retry')}
                </Button>
              }
            />
          ) : (
            <Flex vertical gap={12}>
              <Table<TextModel>
                data-testid="models-table"
                size="middle"
                rowKey="version"
                loading={load.state === 'loading'}
                columns={columns}
                dataSource={load.state === 'ok' ? load.items : []}
                pagination={false}
                scroll={{ x: 900 }}
                locale={{
                  emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('models.empty')} />,
                }}
              />
              <Typography.Text type="secondary" data-testid="models-rate-definition">
                {t('models.rateDefinition')}
              </Typography.Text>
            </Flex>
          )}
        </Card>
      </Flex>
    </>
  );
}
