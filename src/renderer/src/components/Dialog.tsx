import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal dialog: labelled by its title, focus moved inside on open and given back on close, Tab kept
 * inside, Escape closes (unless `busy`, so long work cannot be abandoned half-way by a stray key).
 * It is rendered beside the app (a portal on <body>) and the app is made `inert` while it is open, so
 * neither the mouse, the keyboard nor a screen reader's virtual cursor reaches the background.
 */
export function Dialog({
  title,
  onClose,
  busy = false,
  wide = false,
  children,
}: {
  title: string;
  onClose: () => void;
  busy?: boolean;
  wide?: boolean;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = box.current?.querySelector<HTMLElement>('[autofocus], input, select, textarea, button');
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    (first ?? box.current)?.focus();
    return () => {
      // The background comes back before focus returns to it: an inert element cannot take focus.
      app?.removeAttribute('inert');
      previous?.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const focusable = [
      ...box.current.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea'),
    ].filter((el) => !el.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="backdrop">
      <div
        ref={box}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id="dialog-title">{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
