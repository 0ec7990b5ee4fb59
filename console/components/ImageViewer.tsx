import { useEffect, useRef } from 'preact/hooks'
import type { ImagePart } from '../../protocol/index.js'
import { imageUrl } from '../image-url.js'

/** Props of {@link ImageViewer}. */
export interface ImageViewerProps {
  image: ImagePart
  /** what the image shows, e.g. "Image from Carl" */
  label: string
  onClose(): void
}

/** An image at full size in a modal dialog (Escape, the button or a click on the backdrop closes it). */
export function ImageViewer({ image, label, onClose }: ImageViewerProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal ? dialog.showModal() : dialog.setAttribute('open', '')
  }, [])
  const url = imageUrl(image.id)
  return (
    <dialog
      ref={ref}
      class="dialog viewer"
      aria-label={label}
      onClose={onClose}
      onClick={(ev) => ev.target === ev.currentTarget && onClose()}
      data-testid="image-viewer"
    >
      <div class="viewer-bar">
        <span class="viewer-size">
          {image.width} × {image.height}
        </span>
        <a class="link-button" href={url} target="_blank" rel="noopener noreferrer">
          Open in a new tab
        </a>
        <button type="button" class="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <div class="viewer-body">
        <img class="viewer-image" src={url} width={image.width} height={image.height} alt={label} />
      </div>
    </dialog>
  )
}
