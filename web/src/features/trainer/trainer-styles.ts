// The trainer page's styles, on the app's CSS variables. Rendered in a <style> element by the page
// (the app links one stylesheet from index.html, which belongs to the shell).
export const TRAINER_CSS = `
.trainer-card { padding: 20px 24px; display: flex; flex-direction: column; gap: 12px; }
.trainer-card h2, .trainer-card h3 { margin: 0; }
.trainer-card .form-actions { margin-top: 4px; }
.trainer-personas { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.trainer-persona {
  display: flex; flex-direction: column; gap: 4px; align-items: flex-start; text-align: left; padding: 12px;
  border: 1px solid var(--color-border); border-radius: var(--radius); background: var(--color-surface); cursor: pointer; font: inherit; color: inherit;
}
.trainer-persona[aria-checked='true'] { border-color: var(--color-accent); box-shadow: var(--focus); background: var(--color-accent-soft); }
.trainer-persona:focus-visible { outline: none; box-shadow: var(--focus); }
.trainer-avatar { display: inline-flex; width: 56px; height: 56px; border-radius: 50%; overflow: hidden; flex: none; }
.trainer-avatar svg { width: 100%; height: 100%; }
.trainer-avatar-auto { align-items: center; justify-content: center; background: var(--color-info-soft); color: var(--color-accent); font-size: 24px; font-weight: 700; }
.trainer-live-head { display: flex; gap: 12px; align-items: center; margin-bottom: 12px; }
.trainer-live-head p { margin: 0; }
.trainer-dialogue { list-style: none; margin: 0 0 12px; padding: 0; display: flex; flex-direction: column; gap: 8px; max-height: 420px; overflow-y: auto; }
.trainer-turn { display: flex; flex-direction: column; gap: 2px; max-width: 80%; padding: 8px 12px; border-radius: var(--radius); }
.trainer-turn-client { align-self: flex-start; background: var(--color-info-soft); }
.trainer-turn-manager { align-self: flex-end; background: var(--color-success-soft); }
.trainer-turn-who { font-size: 12px; color: var(--color-muted); font-weight: 600; }
.trainer-controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 12px; }
.trainer-text-form { flex: 1 1 320px; display: flex; gap: 8px; }
.trainer-text-form .input { flex: 1; }
.trainer-recording { color: var(--color-danger); font-weight: 600; }
.trainer-result-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.trainer-score { font-size: 18px; margin: 0; }
.trainer-stage-scores { list-style: none; padding: 0; margin: 0 0 12px; display: flex; flex-direction: column; gap: 6px; }
.trainer-stage-scores li { display: grid; grid-template-columns: 220px 1fr 32px; gap: 12px; align-items: center; }
.trainer-bar { height: 8px; background: var(--color-border); border-radius: 4px; overflow: hidden; }
.trainer-bar span { display: block; height: 100%; background: var(--color-accent); }
.trainer-feedback { padding-left: 20px; display: flex; flex-direction: column; gap: 8px; }
.trainer-chart { margin: 0 0 12px; }
`;
