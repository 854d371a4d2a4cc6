/**
 * A services photo. Photos are served to signed-in callers only and an <img> cannot carry the bearer token, so the
 * bytes are fetched through the portal's client and shown from an object URL, released when the photo leaves.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { currentSession } from '../../session.js';
import { photoUrl } from './data.js';

async function fetchPhoto(photoId: string, size: 'small' | 'large'): Promise<Blob> {
  const token = currentSession()?.accessToken;
  const response = await fetch(photoUrl(photoId, size), {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(String(response.status));
  return response.blob();
}

export function Photo({ photoId, size, alt }: { photoId: string; size: 'small' | 'large'; alt: string }) {
  const blob = useQuery({
    queryKey: ['services', 'photo', photoId, size],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => fetchPhoto(photoId, size),
  });
  const url = useMemo(() => (blob.data === undefined ? undefined : URL.createObjectURL(blob.data)), [blob.data]);
  useEffect(
    () => () => {
      if (url !== undefined) URL.revokeObjectURL(url);
    },
    [url],
  );
  if (url === undefined) return <span className="photo-placeholder" aria-hidden="true" />;
  return <img src={url} alt={alt} className={`photo photo-${size}`} loading="lazy" />;
}
