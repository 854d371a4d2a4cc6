/** A Services photo fetched with the bearer token and shown inline (a placeholder while it comes or if it cannot). */
import { useQuery } from '@tanstack/react-query';
import { photoQuery } from './data.js';

export function Photo({ photoId, alt, size = 'small' }: { photoId: string; alt: string; size?: 'small' | 'large' }) {
  const photo = useQuery(photoQuery(photoId, size));
  const side = size === 'small' ? 160 : 320;
  return photo.data === undefined ? (
    <span className="provider-photo-empty" role="img" aria-label={alt} style={{ width: side, height: side }} />
  ) : (
    <img className="provider-photo" src={photo.data} alt={alt} width={side} height={side} />
  );
}
