/**
 * A services photo. Photos are served to signed-in callers only and an <img> cannot carry the bearer token, so the
 * bytes come through the portal's client as a data: address (the portal's policy allows no blob:), with the same
 * query the provider's screens use: one copy per photo whichever screen asked first.
 */
import { useQuery } from '@tanstack/react-query';
import { photoQuery } from '../provider/data.js';

export function Photo({ photoId, size, alt }: { photoId: string; size: 'small' | 'large'; alt: string }) {
  const photo = useQuery(photoQuery(photoId, size));
  if (photo.data === undefined)
    return alt === '' ? (
      <span className="photo-placeholder" aria-hidden="true" />
    ) : (
      <span className="photo-placeholder" role="img" aria-label={alt} />
    );
  return <img src={photo.data} alt={alt} className={`photo photo-${size}`} />;
}
