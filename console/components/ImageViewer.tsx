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
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop; a keyboard closes the dialog with Escape or the Close button
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
        {/* biome-ignore lint/a11y/noAutofocus: a modal dialog puts focus inside; Close is the first stop rather than the link to the file */}
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
