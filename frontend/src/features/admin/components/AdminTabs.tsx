// The admin section's own sub-navigation, so the main navigation stays one row wide.
import { NavLink } from 'react-router';

export function AdminTabs() {
  return (
    <nav className="tabs" aria-label="Admin sections">
      <NavLink to="/admin" end>
        Exports, imports, audit
      </NavLink>
      <NavLink to="/admin/parent-types">Parent types</NavLink>
    </nav>
  );
}
