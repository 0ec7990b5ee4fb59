/** Where the relay serves an uploaded image of a chat, by its id (never a foreign URL). */
export const imageUrl = (imageId: string): string => '/api/images/' + encodeURIComponent(imageId)
