import { config } from "./config";

/** The parts of Stripe.js the checkout uses. Stripe.js is the one script loaded from outside, and only with the Stripe provider. */
interface StripeCard {
  mount(el: HTMLElement): void;
  destroy(): void;
}
interface StripeJs {
  elements(): { create(kind: "card"): StripeCard };
  createPaymentMethod(o: { type: "card"; card: StripeCard }): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
  handleNextAction(o: { clientSecret: string }): Promise<{ error?: { message?: string } }>;
}
declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

let loading: Promise<StripeJs> | null = null;

export function stripeEnabled(): boolean {
  return config.stripeKey !== "";
}

export function loadStripe(): Promise<StripeJs> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "https://js.stripe.com/v3/";
    script.onload = () => (window.Stripe ? resolve(window.Stripe(config.stripeKey)) : reject(new Error("Stripe.js did not load")));
    script.onerror = () => reject(new Error("Stripe.js did not load"));
    document.head.appendChild(script);
  });
  return loading;
}
