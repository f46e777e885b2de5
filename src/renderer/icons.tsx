/** Inline SVG icons (no fonts or images to load under the CSP). Decorative: the text next to them says it. */
import type { TicketSource } from '../shared/domain';

interface IconProps {
  className?: string;
}

function Svg({ children, className }: IconProps & { children: React.ReactNode }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

export function InAppIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="2" y="3" width="12" height="10" rx="1.5" />
      <path d="M2 6h12" />
    </Svg>
  );
}

export function CommunityIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M3 3h10v7H7l-3 3v-3H3z" />
      <path d="M6.5 6.2a1.5 1.5 0 1 1 1.5 1.5v.6" />
    </Svg>
  );
}

/** A `#`: a Zendesk ticket that Pylon made from a Slack thread (ticket source "slack"). */
export function SlackIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M6 2v12M10 2v12M2 6h12M2 10h12" />
    </Svg>
  );
}

/**
 * An at sign: a Slack request, where someone tagged you. Its shape differs from the `#` of a ticket Pylon made
 * from Slack, so the two read apart without colour.
 */
export function SlackRequestIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="2.5" />
      <path d="M10.5 8v1a1.75 1.75 0 0 0 3.5 0V8a6 6 0 1 0-2.4 4.8" />
    </Svg>
  );
}

export function EmailIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="2" y="4" width="12" height="8" rx="1" />
      <path d="m2.5 4.5 5.5 4 5.5-4" />
    </Svg>
  );
}

export function OtherSourceIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="5.5" />
    </Svg>
  );
}

export function RefreshIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M13 8a5 5 0 1 1-1.5-3.5" />
      <path d="M13 2.5V5h-2.5" />
    </Svg>
  );
}

export function SettingsIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
      <circle cx="5.5" cy="4" r="1.4" fill="currentColor" />
      <circle cx="10.5" cy="8" r="1.4" fill="currentColor" />
      <circle cx="7" cy="12" r="1.4" fill="currentColor" />
    </Svg>
  );
}

/** Bars of falling length: how the queue is sorted. */
export function SortedIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2.5 4h11M2.5 8h8M2.5 12h5" />
    </Svg>
  );
}

const SOURCE_ICONS: Record<TicketSource, (props: IconProps) => React.ReactElement> = {
  in_app: InAppIcon,
  community: CommunityIcon,
  slack: SlackIcon,
  email: EmailIcon,
  github: OtherSourceIcon,
  other: OtherSourceIcon,
};

export const SOURCE_LABELS: Record<TicketSource, string> = {
  in_app: 'In-app',
  community: 'Community question',
  slack: 'Slack',
  email: 'Email',
  github: 'GitHub',
  other: 'Other source',
};

/** The icon for where a ticket came from. */
export function SourceIcon({ source }: { source: TicketSource }) {
  const Icon = SOURCE_ICONS[source] ?? OtherSourceIcon;
  return <Icon className="source-icon" />;
}
