"""The ratings' pages: a community's "rate and complain" page (the printed notice's QR code opens it),
the printed notice, and the satisfaction of an area or a company."""

from app.operations.ratings.controllers.area import show_satisfaction
from app.operations.ratings.controllers.feedback import give_rating, print_feedback_notice, show_feedback

ROUTES = [show_feedback, give_rating, print_feedback_notice, show_satisfaction]
