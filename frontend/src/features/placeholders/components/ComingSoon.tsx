// A section the role may use whose screen is not built yet: say so plainly.
export function ComingSoon({ title }: { title: string }) {
  return (
    <section className="page" aria-labelledby="coming-soon-title">
      <h1 id="coming-soon-title">{title}</h1>
      <p className="notice notice--empty">This screen is coming soon.</p>
    </section>
  );
}
