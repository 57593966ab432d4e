# Import by the subscription's full URL (the BMC is taken from the URL;
# credentials from the provider block or BMC_USERNAME / BMC_PASSWORD):
terraform import bmc_event_subscription.alerts https://10.0.0.5/redfish/v1/EventService/Subscriptions/5

# Or by its path, when the provider block has an endpoint:
terraform import bmc_event_subscription.alerts /redfish/v1/EventService/Subscriptions/5
