const currencyFormats = new Map<string, Intl.NumberFormat | null>();
const numberFormat = new Intl.NumberFormat();

export function money(amount: number, currency: string): string {
  let format = currencyFormats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(undefined, { style: "currency", currency });
    } catch {
      format = null;
    }
    currencyFormats.set(currency, format);
  }
  return format ? format.format(amount) : `${amount} ${currency}`;
}

export function dateTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function count(n: number): string {
  return numberFormat.format(n);
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}
