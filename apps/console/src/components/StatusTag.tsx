import type { CaseStatus } from '@lianluo/domain/cases';
import { Tag } from 'antd';
import { useI18n } from '../i18n.ts';

const COLORS: Record<CaseStatus, string> = {
  registered: 'default',
  triaged: 'cyan',
  assigned: 'blue',
  accepted: 'geekblue',
  replied: 'purple',
  fed_back: 'gold',
  rated: 'lime',
  reopened: 'orange',
  closed: 'green',
  withdrawn: 'default',
};

/** A case status as a coloured tag, labelled in the UI language. */
export function StatusTag({ status, serverLabel }: { status: string; serverLabel?: string | null }) {
  const { label } = useI18n();
  return (
    <Tag color={(COLORS as Record<string, string>)[status] ?? 'default'}>
      {label('status', status, serverLabel)}
    </Tag>
  );
}
