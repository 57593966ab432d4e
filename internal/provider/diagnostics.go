package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// bmcErrorDiagnostic turns an error from package redfish into a diagnostic
// that says which BMC, quotes the BMC's own messages (they are in err's text)
// and, where the BMC names the offending property, points at our attribute.
func bmcErrorDiagnostic(summary, endpoint string, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	detail := fmt.Sprintf("BMC %s: %s", endpoint, err.Error())
	switch {
	case errors.Is(err, redfish.ErrNoEventService):
		detail += "\n\nThis Redfish service has no EventService, so it cannot send events (sushy-tools and some older " +
			"firmware are like this). Point the provider at a BMC whose firmware supports Redfish eventing."
	case errors.Is(err, redfish.ErrEventServiceDisabled):
		detail += "\n\nEnable the BMC's EventService (ServiceEnabled = true) in its web interface or with a Redfish PATCH, then apply again."
	}
	var rfErr *redfish.Error
	if errors.As(err, &rfErr) {
		for _, prop := range rfErr.RelatedProperties() {
			if attr := attributeForRedfishProperty(prop); attr != "" {
				diags.AddAttributeError(path.Root(attr), summary, detail)
				return diags
			}
		}
	}
	diags.AddError(summary, detail)
	return diags
}

// attributeForRedfishProperty maps a RelatedProperties JSON pointer such as
// "#/Context" or "#/HttpHeaders/0" to our attribute name.
func attributeForRedfishProperty(pointer string) string {
	name := strings.TrimPrefix(pointer, "#/")
	if i := strings.IndexByte(name, '/'); i >= 0 {
		name = name[:i]
	}
	if name == "HttpHeaders" {
		return "http_headers"
	}
	for _, p := range subscriptionProperties {
		if p.redfishName == name {
			return p.attr
		}
	}
	return ""
}

// unreportedPropertyWarnings warns about properties the user set that the BMC
// does not report after creating the subscription: a BMC that silently
// ignores a filter would otherwise deliver more than the user asked for.
func unreportedPropertyWarnings(planned subscriptionPropertiesModel, created *redfish.Subscription) diag.Diagnostics {
	var diags diag.Diagnostics
	reported := map[string]bool{
		"context":                     created.Context != nil,
		"subscription_type":           created.SubscriptionType != nil,
		"oem_protocol":                created.OEMProtocol != nil,
		"oem_subscription_type":       created.OEMSubscriptionType != nil,
		"event_format_type":           created.EventFormatType != nil,
		"event_types":                 created.EventTypes != nil,
		"registry_prefixes":           created.RegistryPrefixes != nil,
		"exclude_registry_prefixes":   created.ExcludeRegistryPrefixes != nil,
		"resource_types":              created.ResourceTypes != nil,
		"message_ids":                 created.MessageIDs != nil,
		"exclude_message_ids":         created.ExcludeMessageIDs != nil,
		"origin_resources":            created.OriginResources != nil,
		"subordinate_resources":       created.SubordinateResources != nil,
		"include_origin_of_condition": created.IncludeOriginOfCondition != nil,
		"severities":                  created.Severities != nil,
		"metric_report_definitions":   created.MetricReportDefinitions != nil,
		"delivery_retry_policy":       created.DeliveryRetryPolicy != nil,
		"verify_certificate":          created.VerifyCertificate != nil,
		"send_heartbeat":              created.SendHeartbeat != nil,
		"heartbeat_interval_minutes":  created.HeartbeatIntervalMinutes != nil,
		"oem":                         len(created.Oem) > 0,
	}
	set := map[string]bool{
		"context":                     isSetString(planned.Context) && planned.Context.ValueString() != "",
		"subscription_type":           isSetString(planned.SubscriptionType),
		"oem_protocol":                isSetString(planned.OEMProtocol),
		"oem_subscription_type":       isSetString(planned.OEMSubscriptionType),
		"event_format_type":           isSetString(planned.EventFormatType),
		"event_types":                 isSetSet(planned.EventTypes),
		"registry_prefixes":           isSetSet(planned.RegistryPrefixes),
		"exclude_registry_prefixes":   isSetSet(planned.ExcludeRegistryPrefixes),
		"resource_types":              isSetSet(planned.ResourceTypes),
		"message_ids":                 isSetSet(planned.MessageIDs),
		"exclude_message_ids":         isSetSet(planned.ExcludeMessageIDs),
		"origin_resources":            isSetSet(planned.OriginResources),
		"subordinate_resources":       !planned.SubordinateResources.IsNull() && !planned.SubordinateResources.IsUnknown(),
		"include_origin_of_condition": !planned.IncludeOriginOfCondition.IsNull() && !planned.IncludeOriginOfCondition.IsUnknown(),
		"severities":                  isSetSet(planned.Severities),
		"metric_report_definitions":   isSetSet(planned.MetricReportDefinitions),
		"delivery_retry_policy":       isSetString(planned.DeliveryRetryPolicy),
		"verify_certificate":          !planned.VerifyCertificate.IsNull() && !planned.VerifyCertificate.IsUnknown(),
		"send_heartbeat":              !planned.SendHeartbeat.IsNull() && !planned.SendHeartbeat.IsUnknown(),
		"heartbeat_interval_minutes":  !planned.HeartbeatIntervalMinutes.IsNull() && !planned.HeartbeatIntervalMinutes.IsUnknown(),
		"oem":                         isSetString(planned.Oem),
	}
	for _, p := range subscriptionProperties {
		if set[p.attr] && !reported[p.attr] {
			diags.AddAttributeWarning(path.Root(p.attr), "BMC Does Not Report "+p.redfishName,
				fmt.Sprintf("The BMC accepted the subscription but does not report its %s (added in EventDestination %s), "+
					"so it may not support or honour it. Check the events the BMC sends, or its firmware's Redfish support.",
					p.redfishName, p.since))
		}
	}
	return diags
}

func isSetString(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }
func isSetSet(v types.Set) bool       { return !v.IsNull() && !v.IsUnknown() && len(v.Elements()) > 0 }

// tflogLogger routes package redfish's log lines to tflog, with the fields
// it gives (never credentials or header values: package redfish leaves those out).
func tflogLogger(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func lastPathSegment(p string) string {
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
