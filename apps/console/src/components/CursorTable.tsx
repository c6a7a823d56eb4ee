import { Alert, Button, Empty, Flex, Table, type TableProps, Typography } from 'antd';
import { useI18n } from '../i18n.ts';
import type { CursorList } from './useCursorList.ts';

interface Props<T> {
  list: CursorList<T>;
  columns: TableProps<T>['columns'];
  rowKey: keyof T & string;
  emptyText: string;
  onRow?: TableProps<T>['onRow'];
  testId?: string;
  /** Checkboxes for bulk actions. */
  rowSelection?: TableProps<T>['rowSelection'];
}

/** A table over a cursor-paginated list: first-page spinner, error with retry, "加载更多". */
export function CursorTable<T extends object>({
  list,
  columns,
  rowKey,
  emptyText,
  onRow,
  testId,
  rowSelection,
}: Props<T>) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={12}>
      {list.error && (
        <Alert
          type="error"
          showIcon
          title={list.error}
          data-testid="list-error"
          action={
            <Button size="small" onClick={list.retry}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      <Table<T>
        data-testid={testId}
        rowKey={rowKey}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        onRow={onRow}
        rowSelection={rowSelection}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText:
            list.loading || list.error ? (
              <span />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
            ),
        }}
      />
      {!list.loading && list.items.length > 0 && (
        <Flex justify="center" align="center" gap={12}>
          {list.hasMore ? (
            <Button onClick={list.loadMore} loading={list.loadingMore} data-testid="load-more">
              {t('common.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('common.allLoaded')}</Typography.Text>
          )}
          <Typography.Text type="secondary">{t('common.loaded', { n: list.items.length })}</Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
