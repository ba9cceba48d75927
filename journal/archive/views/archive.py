"""The year-end archive page (thin views over services.archive and selectors.archives)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.gradebook.views._planning import parse_int, private
from journal.register.models import AcademicYear
from portal import access, private_files

from ..selectors.archives import archive_status, years_with_archives
from ..services.archive import archive_request


@private
def archive_index(request):
    school = request.school
    if not access.can_read_archives(request.user, school):
        raise Http404
    years = years_with_archives(request.user, school)
    running = [a.pk for y in years for a in y.archive_list if a.in_progress]
    return render(request, "journal/archive/index.html", {
        "school": school, "years": years, "running": running,
        "can_generate": access.can_generate_archive(request.user, school),
    })


@private
@require_POST
def archive_generate(request):
    school = request.school
    if not access.can_generate_archive(request.user, school):
        raise Http404
    year = AcademicYear.objects.filter(school=school, pk=parse_int(request.POST.get("year"))).first()
    if year is None:
        messages.error(request, _("Choose a school year."))
        return redirect("journal:archive_index")
    try:
        archive_request(school=school, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The archive is being built. This page shows its progress."))
    return redirect("journal:archive_index")


@private
def archive_progress(request):
    school = request.school
    if not access.can_read_archives(request.user, school):
        raise Http404
    ids = [i for i in (parse_int(v) for v in request.GET.getlist("id")) if i is not None][:20]
    return JsonResponse({"archives": archive_status(request.user, school, ids)})


@private
def archive_download(request, pk):
    archive = access.get_or_404(access.archives_visible(request.user, request.school), pk=pk)
    return private_files.send(archive.file, attachment=True)
