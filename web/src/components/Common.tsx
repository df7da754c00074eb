import type { ComponentChildren } from "preact";

export function ErrorNote({ message, children }: { message: string | null; children?: ComponentChildren }) {
  if (!message) return null;
  return (
    <div class="error" role="alert">
      <p>{message}</p>
      {children}
    </div>
  );
}

/** An indeterminate wait, announced to screen readers. */
export function Busy({ label }: { label: string }) {
  return (
    <div class="busy" role="status" aria-live="polite">
      <progress aria-label={label} />
      <span>{label}</span>
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}
