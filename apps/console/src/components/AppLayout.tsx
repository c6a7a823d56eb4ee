import { LogoutOutlined, MenuOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Menu, Spin, Tag, Tooltip, Typography, theme } from 'antd';
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
  // A deputy's or liaison officer's phone (WeChat's browser, from 360 px): the menu folds away
  // behind a header button (over the page, closed again on choosing), and the header keeps icons
  // and the name cut to fit, so nothing wraps or runs off the screen.
  const narrow = !Grid.useBreakpoint().md;

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
        collapsedWidth={narrow ? 0 : 80}
        trigger={narrow ? null : undefined}
        style={{
          position: narrow ? 'fixed' : 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
          zIndex: 20,
        }}
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
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[navKeyFor(location.pathname)]}
          items={items}
          onClick={() => narrow && setCollapsed(true)}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: narrow ? '0 8px' : '0 24px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={narrow ? 4 : 16} style={{ height: '100%' }}>
            <Flex align="center" gap={12} style={{ minWidth: 0 }}>
              {narrow && (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  data-testid="menu-toggle"
                  aria-label={t('header.menu')}
                  onClick={() => setCollapsed((c) => !c)}
                />
              )}
              <Typography.Text strong ellipsis>
                {me.regionName}
              </Typography.Text>
              {showRegionPicker && <RegionPicker county={me.regionCode} />}
            </Flex>
            <Flex align="center" gap={narrow ? 2 : 12} style={{ flexShrink: 0 }}>
              <InboxBell />
              <Tooltip title={t('header.switchLangTitle')}>
                <Button
                  type="text"
                  icon={<TranslationOutlined />}
                  data-testid="lang-switch"
                  aria-label={t('header.switchLang')}
                  onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
                >
                  {!narrow && t('header.switchLang')}
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
                <Typography.Text
                  data-testid="user-name"
                  ellipsis={{ tooltip: me.displayName }}
                  style={{ maxWidth: narrow ? '4em' : '12em', whiteSpace: 'nowrap' }}
                >
                  {me.displayName}
                </Typography.Text>
                {!narrow && (
                  <Tag color="red" data-testid="user-role" style={{ marginInlineEnd: 0 }}>
                    {label('role', me.role, me.roleLabel)}
                  </Tag>
                )}
              </Flex>
              <Button
                icon={<LogoutOutlined />}
                data-testid="logout"
                aria-label={t('header.logout')}
                loading={leaving}
                onClick={() => {
                  setLeaving(true);
                  // Nothing to wait for: auth.tsx signs out locally whatever the server answers.
                  void logout().finally(() => setLeaving(false));
                }}
              >
                {!narrow && t('header.logout')}
              </Button>
            </Flex>
          </Flex>
        </Header>
        <ContactModal open={contactOpen} onClose={() => setContactOpen(false)} />
        <Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
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
