/** Keeps a part that loads on demand (the chart, the calendar) from taking the whole screen down if it fails. */
import { Component, type ErrorInfo, type ReactNode } from 'react'

/** Shows `fallback` instead of its children after they fail to load or render. */
export class LoadBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('A part of the provisioning log failed to load:', error, info.componentStack)
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}
