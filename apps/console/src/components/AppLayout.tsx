import { LogoutOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Menu, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { NAV, navKeyFor } from '../nav.tsx';
import { isCountyCode, useRegionLink } from '../region.ts';
import { ContactModal } from './ContactModal.tsx';
import { InboxBell } from './InboxBell.tsx';
import { RegionPicker } from './RegionPicker.tsx';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: side menu by permission, header with scope, language and logout. */
export function AppLayout() {
  const { me, can, logout } = useAuth();
  const { t, lang, setLang, label } = useI18n();
  const location = useLocation();
  const link = useRegionLink();
  const [collapsed, setCollapsed] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [contactOpen, setContactOpen] = useState(false);
  const { token } = theme.useToken();

  if (!me) return null;

  const items = NAV.filter((n) => can(n.permission)).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: <Link to={link(n.path)}>{t(n.label)}</Link>,
  }));
  const showRegionPicker = isCountyCode(me.regionCode) && can('regions.read');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={208}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div
          style={{
            height: 64,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontWeight: 600,
            fontSize: collapsed ? 16 : 18,
            letterSpacing: 2,
            whiteSpace: 'nowrap',
          }}
        >
          {collapsed ? '联络' : t('app.title')}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[navKeyFor(location.pathname)]} items={items} />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={16} style={{ height: '100%' }}>
            <Flex align="center" gap={12} style={{ minWidth: 0 }}>
              <Typography.Text strong ellipsis>
                {me.regionName}
              </Typography.Text>
              {showRegionPicker && <RegionPicker county={me.regionCode} />}
            </Flex>
            <Flex align="center" gap={12}>
              <InboxBell />
              <Tooltip title={t('header.switchLangTitle')}>
                <Button
                  type="text"
                  icon={<TranslationOutlined />}
                  data-testid="lang-switch"
                  onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
                >
                  {t('header.switchLang')}
                </Button>
              </Tooltip>
              <Flex align="center" gap={6}>
                <Tooltip title={t('contact.open')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<UserOutlined />}
                    data-testid="contact-open"
                    aria-label={t('contact.open')}
                    onClick={() => setContactOpen(true)}
                  />
                </Tooltip>
                <Typography.Text data-testid="user-name">{me.displayName}</Typography.Text>
                <Tag color="red" data-testid="user-role" style={{ marginInlineEnd: 0 }}>
                  {label('role', me.role, me.roleLabel)}
                </Tag>
              </Flex>
              <Button
                icon={<LogoutOutlined />}
                data-testid="logout"
                loading={leaving}
                onClick={() => {
                  setLeaving(true);
                  // Nothing to wait for: auth.tsx signs out locally whatever the server answers.
                  void logout().finally(() => setLeaving(false));
                }}
              >
                {t('header.logout')}
              </Button>
            </Flex>
          </Flex>
        </Header>
        <ContactModal open={contactOpen} onClose={() => setContactOpen(false)} />
        <Content style={{ padding: 24 }}>
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 64 }}>
                <Spin size="large" />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
