import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useEffect, useState } from 'react';

/**
 * A keyword box bound to a URL filter: typing edits locally, Enter (or clearing) applies. The
 * test id lands on the <input> itself, so end-to-end tests can fill it.
 */
export function SearchBox({
  value,
  onSearch,
  placeholder,
  width = 240,
  testId,
}: {
  value: string;
  onSearch: (value: string) => void;
  placeholder: string;
  width?: number;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      placeholder={placeholder}
      aria-label={placeholder}
      style={{ width }}
      maxLength={50}
      value={text}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        // The clear icon empties the box: apply at once.
        if (e.type === 'click' && e.target.value === '') onSearch('');
      }}
      onPressEnter={() => onSearch(text.trim())}
    />
  );
}
