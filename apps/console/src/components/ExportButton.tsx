import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/index.ts';
import { useI18n } from '../i18n.ts';

/**
 * "导出 Excel" for a list page: runs `run` (which fetches the rows and writes the workbook with
 * exportXlsx, returning how many rows it wrote), spinning meanwhile and saying how it went.
 */
export function ExportButton({ testId, run }: { testId: string; run: () => Promise<number> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          const n = await run();
          void message.success(t('export.done', { n }));
        } catch (err) {
          void message.error(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('export.xlsx')}
    </Button>
  );
}
