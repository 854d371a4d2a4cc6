/** What the cloud app decorates its Fastify instance with (typed for every plugin). */
import type { CardService } from '../cards/cards.js';
import type { Keyring } from '../keys/keyring.js';

declare module 'fastify' {
  interface FastifyInstance {
    identity: { keyring: Keyring; cards: CardService };
  }
}
