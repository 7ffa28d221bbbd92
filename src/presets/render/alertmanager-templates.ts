/**
 * The notification templates: four HTML email templates (default, critical, warning and job failures) and a Slack message
 * template. They are Go templates, rendered by Alertmanager; `amtool template render` checks
 * each against sample alerts in the tests.
 */

function emailTemplate(name: string, title: string, color: string, extraRows = ''): string {
  return `{{ define "${name}" }}<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:16px;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2328">
<table role="presentation" width="100%" style="max-width:720px;margin:auto;background:#ffffff;border-radius:6px;border-top:6px solid ${color}">
<tr><td style="padding:16px 24px">
<h2 style="margin:0 0 8px;color:${color}">${title}: {{ .Alerts.Firing | len }} firing, {{ .Alerts.Resolved | len }} resolved</h2>
<p style="margin:0;color:#57606a">{{ template "email.common.group" . }}</p>
</td></tr>
{{ range .Alerts }}<tr><td style="padding:8px 24px">
<table role="presentation" width="100%" style="border-collapse:collapse;border:1px solid #d0d7de">
<tr><td colspan="2" style="padding:8px;background:{{ if eq .Status "firing" }}${color}{{ else }}#2da44e{{ end }};color:#ffffff;font-weight:bold">[{{ .Status | toUpper }}] {{ .Labels.alertname }}</td></tr>
<tr><td style="padding:6px;width:140px;color:#57606a">Summary</td><td style="padding:6px">{{ .Annotations.summary }}</td></tr>
<tr><td style="padding:6px;color:#57606a">Description</td><td style="padding:6px">{{ .Annotations.description }}</td></tr>
${extraRows}<tr><td style="padding:6px;color:#57606a">Started</td><td style="padding:6px">{{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}</td></tr>
<tr><td style="padding:6px;color:#57606a">Labels</td><td style="padding:6px">{{ range .Labels.SortedPairs }}<code>{{ .Name }}={{ .Value }}</code> {{ end }}</td></tr>
<tr><td style="padding:6px;color:#57606a">Links</td><td style="padding:6px">{{ if .Annotations.runbook_url }}<a href="{{ .Annotations.runbook_url }}">Runbook</a> · {{ end }}<a href="{{ .GeneratorURL }}">Prometheus</a> · <a href="{{ template "__tfo_grafana_url" }}">Grafana</a></td></tr>
</table>
</td></tr>{{ end }}
<tr><td style="padding:16px 24px;color:#57606a;font-size:12px">Sent by <a href="{{ .ExternalURL }}">Alertmanager</a>.</td></tr>
</table>
</body>
</html>
{{ end }}`;
}

/** `alertmanager/templates/email.tmpl`. */
export function emailTemplates(grafanaUrl: string, header: readonly string[]): string {
  const jobRows = `{{ if .Labels.queue }}<tr><td style="padding:6px;color:#57606a">Queue</td><td style="padding:6px">{{ .Labels.queue }}</td></tr>{{ end }}
`;
  return `{{/* ${header.join(' ')} */}}
{{ define "__tfo_grafana_url" }}${grafanaUrl}{{ end }}
{{ define "email.common.group" }}{{ range .GroupLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}{{ end }}
{{ define "email.subject" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }}){{ end }}
${emailTemplate('email.default.html', 'Transcode Flow alert', '#0969da')}
${emailTemplate('email.critical.html', 'CRITICAL alert', '#cf222e')}
${emailTemplate('email.warning.html', 'Warning', '#bf8700')}
${emailTemplate('email.job.html', 'Job processing alert', '#8250df', jobRows)}
`;
}

/** `alertmanager/templates/slack.tmpl`. */
export function slackTemplates(header: readonly string[]): string {
  return `{{/* ${header.join(' ')} */}}
{{ define "slack.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ end }}
{{ define "slack.color" }}{{ if eq .Status "resolved" }}good{{ else if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ end }}
{{ define "slack.text" }}{{ range .Alerts }}*{{ .Annotations.summary }}* ({{ .Labels.severity }})
{{ .Annotations.description }}
{{ if .Annotations.runbook_url }}<{{ .Annotations.runbook_url }}|Runbook> · {{ end }}<{{ .GeneratorURL }}|Prometheus>
{{ end }}{{ end }}
`;
}
