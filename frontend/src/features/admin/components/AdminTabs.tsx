// The admin section's own sub-navigation, so the main navigation stays one row wide.
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

export function AdminTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('admin.sections')}>
      <NavLink to="/admin" end>
        {t('admin.tabMain')}
      </NavLink>
      <NavLink to="/admin/parent-types">{t('parentTypes.title')}</NavLink>
      <NavLink to="/admin/areas">{t('areas.title')}</NavLink>
      <NavLink to="/admin/api-keys">{t('apiKeys.title')}</NavLink>
      <NavLink to="/admin/webhooks">{t('webhooks.title')}</NavLink>
    </nav>
  );
}
