from django.http import HttpResponse

from digit.access.policy import role_required
from digit.access.roles import Role


@role_required(Role.PROGRAMME_STAFF)
def upload(request):
    return HttpResponse("TODO")
