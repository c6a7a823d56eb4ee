/**
 * Field groups of the 登记意见 form (pages/CaseNewPage.tsx): the coordinates, which are given
 * both or neither, and the reporter's name, phone and ID number (left out when anonymous). They
 * render inside the page's <Form>, so their values are the form's.
 */
import { isValidIdNumber } from '@lianluo/domain/masking';
import { Flex, Form, Input, InputNumber } from 'antd';
import { useI18n } from '../i18n.ts';
import { shanghaiToday } from '../time.ts';

/** 纬度 / 经度 (WGS-84): both or neither. */
export function CoordinateFields() {
  const { t } = useI18n();
  return (
    <Flex gap={16} wrap>
      <Form.Item
        name="latitude"
        label={t('register.latitude')}
        extra={t('register.coordsHint')}
        dependencies={['longitude']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              (typeof v === 'number') === (typeof getFieldValue('longitude') === 'number')
                ? Promise.resolve()
                : Promise.reject(new Error(t('register.coordsBoth'))),
          }),
        ]}
        style={{ width: 200 }}
      >
        <InputNumber
          min={-90}
          max={90}
          step={0.000001}
          precision={6}
          style={{ width: '100%' }}
          data-testid="register-latitude"
        />
      </Form.Item>
      <Form.Item
        name="longitude"
        label={t('register.longitude')}
        dependencies={['latitude']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              (typeof v === 'number') === (typeof getFieldValue('latitude') === 'number')
                ? Promise.resolve()
                : Promise.reject(new Error(t('register.coordsBoth'))),
          }),
        ]}
        style={{ width: 200 }}
      >
        <InputNumber
          min={-180}
          max={180}
          step={0.000001}
          precision={6}
          style={{ width: '100%' }}
          data-testid="register-longitude"
        />
      </Form.Item>
    </Flex>
  );
}

/** 反映人: name, phone and ID number, each optional; checked as the server checks them. */
export function PersonFields() {
  const { t } = useI18n();
  return (
    <Flex gap={16} wrap>
      <Form.Item name="personName" label={t('cases.person')} style={{ minWidth: 200 }}>
        <Input maxLength={50} data-testid="register-person-name" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="personPhone"
        label={t('cases.phone')}
        style={{ minWidth: 200 }}
        rules={[
          {
            pattern: /^(\+?86)?1\d{10}$|^0\d{2,3}-?\d{7,8}$/,
            message: t('register.phoneInvalid'),
          },
        ]}
      >
        <Input maxLength={20} data-testid="register-person-phone" autoComplete="off" inputMode="tel" />
      </Form.Item>
      <Form.Item
        name="personIdNumber"
        label={t('register.idNumber')}
        extra={t('register.idNumberHint')}
        style={{ minWidth: 240 }}
        rules={[
          {
            // The server's rule: 18 characters, MOD 11-2 check, a real birth date.
            validator: (_, v?: string) =>
              !v?.trim() || isValidIdNumber(v, shanghaiToday())
                ? Promise.resolve()
                : Promise.reject(new Error(t('register.idNumberInvalid'))),
          },
        ]}
      >
        <Input maxLength={18} data-testid="register-person-id" autoComplete="off" />
      </Form.Item>
    </Flex>
  );
}
