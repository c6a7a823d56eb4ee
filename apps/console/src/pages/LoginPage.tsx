import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api/index.ts';
import { safeNext, useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';

interface LoginForm {
  username: string;
  password: string;
}

/** `/login`. Demo accounts are listed in the README, deliberately not here. */
export default function LoginPage() {
  const { me, signedIn } = useAuth();
  const { t, lang, setLang } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const expired = params.get('expired') === '1';
  const next = safeNext(params.get('next'));

  if (me) return <Navigate to={next} replace />;

  const onFinish = async ({ username, password }: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await api.login(username.trim(), password);
      signedIn(user);
      void navigate(next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setSubmitting(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: 'linear-gradient(160deg, #fff5f5 0%, #f5f5f5 60%)',
      }}
    >
      <Button
        type="text"
        icon={<TranslationOutlined />}
        style={{ position: 'absolute', top: 16, right: 16 }}
        data-testid="lang-switch"
        onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
      >
        {t('header.switchLang')}
      </Button>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.title')}</Typography.Text>
        </Flex>
        {expired && !error && (
          <Alert
            type="warning"
            showIcon
            title={t('login.expired')}
            style={{ marginBottom: 16 }}
            data-testid="login-expired"
          />
        )}
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              maxLength={64}
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              maxLength={256}
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
