/**
 * Web push on this phone: asks permission, subscribes through the service worker with the cloud's
 * VAPID key, and registers the subscription with the cloud. The push service is the browser's
 * (Google's for Chrome on Android); the cloud posts only to known push services.
 */
import { api } from '../../api/client.js';

export type PushOutcome = 'subscribed' | 'denied' | 'unsupported' | 'failed';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export async function subscribeToPush(): Promise<PushOutcome> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
    return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  const key = await api.GET('/v1/notifications/push-key');
  const publicKey = (key.data as { publicKey?: unknown } | undefined)?.publicKey;
  if (typeof publicKey !== 'string') return 'unsupported';
  try {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    });
    const json = subscription.toJSON();
    const { response } = await api.POST('/v1/notifications/push-subscriptions', {
      body: { endpoint: json.endpoint ?? '', keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } },
    });
    return response.status === 201 ? 'subscribed' : 'failed';
  } catch {
    // No reachable push service (a phone without Google services, a closed network): said, not hidden.
    return 'failed';
  }
}
