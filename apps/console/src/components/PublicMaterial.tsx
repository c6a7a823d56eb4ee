import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api/index.ts';
import { FilePick } from './FilePick.tsx';

/**
 * The public face of a station or deputy: the photo (upload replaces it; the server strips
 * EXIF/GPS and resizes), the public page and the print material behind the QR codes.
 */
export function PublicMaterial({
  kind,
  id,
  canUpload,
  compact,
}: {
  kind: 'stations' | 'deputies';
  id: string;
  canUpload: boolean;
  compact?: boolean;
}) {
  const [src, setSrc] = useState(`/p/${kind}/${id}/photo${compact ? '?size=thumb' : ''}`);
  const [hasPhoto, setHasPhoto] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    setError(null);
    try {
      const r = await api.uploadPhoto(kind, id, form);
      setSrc(compact ? `${r.photoUrl}&size=thumb` : r.photoUrl);
      setHasPhoto(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const size = compact ? 40 : 160;
  const links =
    kind === 'stations'
      ? [
          { href: `/p/stations/${id}`, text: '公开页' },
          { href: `/p/stations/${id}/poster`, text: 'A4 海报' },
          { href: `/p/stations/${id}/tent`, text: '桌牌' },
          { href: `/p/board?station=${id}`, text: '公示栏' },
        ]
      : [
          { href: `/p/deputies/${id}`, text: '公开页' },
          { href: `/p/deputies/${id}/card`, text: 'A6 联系卡' },
        ];
  return (
    <Space
      direction={compact ? 'horizontal' : 'vertical'}
      size={8}
      wrap
      data-testid={`public-material-${id}`}
    >
      {hasPhoto && (
        <img
          src={src}
          alt="照片"
          width={size}
          style={{ maxHeight: compact ? size : 200, objectFit: 'cover', borderRadius: 4 }}
          onError={() => setHasPhoto(false)}
        />
      )}
      <Space size={4} wrap>
        {canUpload && (
          <FilePick
            label={hasPhoto ? '更换照片' : '上传照片'}
            accept="image/jpeg,image/png,image/webp"
            testId={`photo-file-${id}`}
            onFile={(f) => void upload(f)}
          />
        )}
        {links.map((l) => (
          <Button key={l.href} size="small" href={l.href} target="_blank">
            {l.text}
          </Button>
        ))}
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
    </Space>
  );
}
