// Renderer test setup (jest-dom matchers).
import '@testing-library/jest-dom/vitest';
