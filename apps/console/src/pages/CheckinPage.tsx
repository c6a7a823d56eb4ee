import { Alert, Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api/index.ts';

/** `/checkin?station=…&token=…`: where the station's daily QR code leads a deputy's phone. */
export default function CheckinPage() {
  const [params] = useSearchParams();
  const station = params.get('station') ?? '';
  const token = params.get('token') ?? '';
  const [state, setState] = useState<{ ok?: string; error?: string; busy: boolean }>({ busy: false });

  const submit = useCallback(async () => {
    setState({ busy: true });
    try {
      const r = await api.checkIn(station, token);
      setState({ ok: r.attendance === 'late' ? '已签到（迟到）' : '已签到，感谢您按时进站', busy: false });
    } catch (e) {
      setState({ error: errorMessage(e), busy: false });
    }
  }, [station, token]);
  // Check in once on arrival from the scanned code; "重试" calls submit again.
  const sent = useRef(false);
  useEffect(() => {
    if (station && token && !sent.current) {
      sent.current = true;
      void submit();
    }
  }, [station, token, submit]);

  if (!station || !token) return <Alert type="warning" showIcon title="请扫描联络站当日签到二维码" />;
  if (state.busy) return <Spin />;
  if (state.ok) return <Result status="success" title={state.ok} data-testid="checkin-ok" />;
  return (
    <Result
      status="error"
      title="签到未成功"
      subTitle={state.error}
      data-testid="checkin-error"
      extra={<Button onClick={submit}>重试</Button>}
    />
  );
}
