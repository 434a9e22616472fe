/** A screen whose features arrive in a later release, saying so plainly instead of showing nothing. */
export function Placeholder({ title, children }: { title: string; children: string }) {
  return (
    <section aria-labelledby="placeholder-title">
      <h1 id="placeholder-title">{title}</h1>
      <div className="state state-empty">{children}</div>
    </section>
  );
}
