// Web push in the portal's service worker (imported by the generated sw.js, see
// vite.portal.config.ts): shows each push the cloud sends (its French or English title and
// text, already written by the cloud) and opens the inbox when the notification is tapped.
// Nothing here caches: the worker stays shell-only.
/* eslint-disable */
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof message.title === 'string' && message.title !== '' ? message.title : 'ISMAIL';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === 'string' ? message.body : '',
      icon: '/icons/icon-192.png',
      lang: 'fr',
      // One notification per message: a repeated delivery replaces its first copy.
      tag: typeof message.id === 'string' ? message.id : undefined,
      data: { url: '/notifications' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(
    (event.notification.data && event.notification.data.url) || '/notifications',
    self.location.origin,
  ).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin && 'focus' in client) {
          return client.navigate(url).then((opened) => (opened ?? client).focus());
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});
