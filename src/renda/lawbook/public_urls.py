"""Mounted at /public/<code>/laws/ (renda/urls.py): every view takes the congress code."""

from django.urls import path

from renda.lawbook import feeds, public_views

app_name = "lawbook_public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<int:pk>/", public_views.regulation, name="regulation"),
    path("filings/", public_views.filings, name="filings"),
    path("feeds/regulations.rss", feeds.RegulationsFeed(), name="feed_regulations"),
    path("feeds/drafts.rss", feeds.DraftsFeed(), name="feed_drafts"),
    path("feeds/bills/<int:pk>.rss", feeds.BillFeed(), name="feed_bill"),
    path("feeds/meetings.ics", feeds.meetings_ics, name="ics_meetings"),
    path("feeds/drafts.ics", feeds.drafts_ics, name="ics_drafts"),
    path("subscribe/", public_views.subscribe, name="subscribe"),
    path("subscribe/sent/", public_views.subscribed, name="subscribed"),
    path("subscribe/confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("subscribe/leave/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
