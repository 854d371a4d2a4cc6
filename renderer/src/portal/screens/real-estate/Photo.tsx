/** A listing photo as a data: address (photos need the bearer token; the portal's policy allows no blob: image). */
import { useQuery } from '@tanstack/react-query';
import { photoQuery } from './data.js';

export function Photo({ photoId, size, alt }: { photoId: string; size: 'small' | 'large'; alt: string }) {
  const photo = useQuery(photoQuery(photoId, size));
  if (photo.data === undefined)
    return alt === '' ? (
      <span className="re-photo-placeholder" aria-hidden="true" />
    ) : (
      <span className="re-photo-placeholder" role="img" aria-label={alt} />
    );
  return <img src={photo.data} alt={alt} className={`re-photo re-photo-${size}`} />;
}
