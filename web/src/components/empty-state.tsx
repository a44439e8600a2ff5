// The empty state of a section that has no data yet: it says what to do next, with a link there.
import { Link } from 'react-router';

interface EmptyStateProps {
  title: string;
  body: string;
  action?: { label: string; to: string };
}

export function EmptyState({ title, body, action }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-state-mark" aria-hidden="true" />
      <h2>{title}</h2>
      <p>{body}</p>
      {action && <Link className="button button-primary" to={action.to}>{action.label}</Link>}
    </section>
  );
}
