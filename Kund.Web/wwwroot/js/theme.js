// Remembers the theme in a cookie, which the server reads while prerendering: the first paint has the right colours.
export function remember(name, value) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}
